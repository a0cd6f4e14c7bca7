import PortalSupport
import Testing

@Suite struct ByteSearchTests {
    /// Plain loops, the meaning the fast search must keep.
    func naiveFirst(_ needle: [UInt8], _ haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, start >= 0 else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if Array(haystack[index..<(index + needle.count)]) == needle { return index }
            index += 1
        }
        return nil
    }

    func naiveLast(_ needle: [UInt8], _ haystack: [UInt8]) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        for index in stride(from: haystack.count - needle.count, through: 0, by: -1)
        where Array(haystack[index..<(index + needle.count)]) == needle {
            return index
        }
        return nil
    }

    @Test func findsWhatAPlainLoopFinds() {
        #expect(ByteSearch.firstIndex(of: Array("<td".utf8), in: Array("<tr><td align=\"left\">".utf8)) == 4)
        #expect(ByteSearch.lastIndex(of: Array("<h2".utf8), in: Array("<h2>a</h2><h2>b</h2>".utf8)) == 10)
        #expect(ByteSearch.firstIndex(of: Array("ab".utf8), in: Array("ab".utf8), from: 1) == nil)
        // Seeded inputs over small alphabets: many near misses, matches at both ends. The third
        // has bytes of each rank, so the byte `memchr` looks for is at any place in the needle.
        var seed: UInt64 = 42
        func next() -> UInt64 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return seed >> 33
        }
        let alphabets: [[UInt8]] = [Array("ab".utf8), Array("a=".utf8), Array("a=X ".utf8)]
        for round in 0..<3_000 {
            let alphabet = alphabets[round % alphabets.count]
            let haystack = (0..<Int(next() % 40)).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] }
            let needle = (0..<Int(1 + next() % 4)).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] }
            let start = Int(next() % 45)
            #expect(
                ByteSearch.firstIndex(of: needle, in: haystack, from: start)
                    == naiveFirst(needle, haystack, from: start)
            )
            #expect(ByteSearch.lastIndex(of: needle, in: haystack) == naiveLast(needle, haystack))
        }
    }
}
