import PortalSupport
import Testing

/// Every build step maps pages on all cores; a result lost or shifted would put one page's body
/// under another page's address.
@Suite struct ParallelMapTests {
    @Test func everyResultComesBackInItsPlace() {
        let input = Array(0..<100_000)
        for _ in 0..<30 {
            let output = input.parallelMap { $0 &* 3 &+ 1 }
            #expect(output.count == input.count)
            #expect(output == input.map { $0 &* 3 &+ 1 })
        }
    }

    @Test func resultsThatAreReferencesAndStringsToo() {
        let input = (0..<20_000).map { "page-\($0)" }
        let output = input.parallelMap { $0 + "/index.html" }
        #expect(output == input.map { $0 + "/index.html" })
    }
}
