import Foundation
import PortalHTML
import PortalSupport
import Testing

/// `HTMLDocument.withArena`: the checker parses every page with libxml2's memory in a per-thread
/// arena; the trees must be the same as with malloc, on every thread, page after page.
@Suite struct ParseArenaTests {
    /// Tag, attributes and text of every element: what the checker reads.
    static func summary(_ html: String) -> [String] {
        guard let document = HTMLDocument(html) else { return ["no tree"] }
        return document.elements.map { element in
            let attributes = element.attributes.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
            return "\(element.name) [\(attributes)] \(element.text) @\(element.line)"
        }
    }

    static func page(_ number: Int) -> String {
        // Text long enough that libxml2 grows its buffers with realloc; entities and a void
        // element that needs repairing.
        let words = String(repeating: "word café &amp; more ", count: 50 + number % 200)
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Page \(number)</title></head>
            <body><main id="main"><h1 class="x">Page \(number)</h1>
            <p>\(words)<a href="../p\(number + 1)/" title="next &amp; last">next</a></p>
            <video><source src="a.mp4"><p>Fallback \(number)</p></video>
            </main></body></html>
            """
    }

    @Test func treesAreTheSameAsWithMalloc() {
        for number in 0..<20 {
            let expected = Self.summary(Self.page(number))
            #expect(HTMLDocument.withArena { Self.summary(Self.page(number)) } == expected)
        }
    }

    @Test func manyPagesOnEveryThread() {
        let numbers = Array(0..<400)
        let expected = numbers.map { Self.summary(Self.page($0)) }
        let inArenas = numbers.parallelMap { number in HTMLDocument.withArena { Self.summary(Self.page(number)) } }
        #expect(inArenas == expected)
    }

    @Test func nestedArenasShareTheOutermost() {
        let result = HTMLDocument.withArena { () -> [String] in
            let outer = HTMLDocument(Self.page(1))
            let inner = HTMLDocument.withArena { Self.summary(Self.page(2)) }
            // The outer tree is still intact after the inner call returned.
            return (outer?.elements.map(\.name) ?? []) + inner
        }
        #expect(
            result == HTMLDocument(Self.page(1)).map { $0.elements.map(\.name) }.map { $0 + Self.summary(Self.page(2)) }
        )
    }

    @Test func aPageBiggerThanTheArenaFallsBackToMalloc() {
        // Over 16 MB of tree: the rest comes from malloc and is freed as usual.
        let rows = String(repeating: "<tr><td class=\"c\">cell</td><td>more text here</td></tr>\n", count: 120_000)
        let html = "<!DOCTYPE html><html lang=\"en\"><body><table>\(rows)</table></body></html>"
        let count = HTMLDocument.withArena { HTMLDocument(html)?.elements.count ?? 0 }
        #expect(count == 3 + 120_000 * 3)
    }

    @Test func anArenaKnowsWhenSomethingCameFromMalloc() {
        // A document made in an arena is dropped with the rewind only when all of it is there.
        let arenas = ThreadArenas(sliceSize: 1 << 16, sliceCount: 2)
        #expect(!arenas.holdsEverythingAllocated)
        arenas.withArena {
            let small = arenas.allocate(100)
            #expect(arenas.holdsEverythingAllocated)
            let big = arenas.allocate(1 << 17)
            #expect(!arenas.holdsEverythingAllocated)
            arenas.free(big)
            arenas.free(small)
        }
        // The rewind starts afresh.
        arenas.withArena { #expect(arenas.holdsEverythingAllocated) }
    }
}
