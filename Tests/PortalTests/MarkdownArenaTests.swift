import Foundation
import PortalSupport
import Testing

@testable import PortalMarkdown

/// cmark-gfm's memory for a page comes from a per-thread arena (`MarkdownArena`): the HTML must
/// be the same as with malloc, on every thread, page after page, also past the arena's size.
@Suite struct MarkdownArenaTests {
    static let options = MarkdownOptions(footnotes: true)

    static func document(_ number: Int) -> String {
        // Long paragraphs grow cmark's buffers by realloc; tables, footnotes and links use the
        // extensions' own allocations.
        let words = String(repeating: "word ~~gone~~ *café* www.example.org ", count: 20 + number % 150)
        return """
            # Page \(number)

            \(words)[^\(number)]

            | a | b |
            | :-- | --: |
            | \(number) | [next](p\(number + 1).md) |

            - [x] done
            - [ ] to do

            [^\(number)]: A note.
            """
    }

    @Test func pagesInArenasOnEveryThreadMatchMalloc() {
        let numbers = Array(0..<600)
        let expected = numbers.map { MarkdownDocument(Self.document($0), options: Self.options).renderHTML() }
        for _ in 0..<2 {
            let inArenas = numbers.parallelMap { number in
                MarkdownArena.withArena { MarkdownDocument(Self.document(number), options: Self.options).renderHTML() }
            }
            #expect(inArenas == expected)
        }
    }

    @Test func pageBodiesMatchOutsideTheArena() {
        // PageBodyRenderer works in the arena; the same tree and HTML come out of plain malloc.
        let text = Self.document(7) + "\n\n## Sources\n\n- A seed."
        let body = PageBodyRenderer.render(text, options: Self.options) { _ in nil }
        #expect(body.html.contains("<h2 id=\"sources\">Sources</h2>"))
        #expect(body.headings.map(\.id) == ["page-7", "sources"])
        let plain = MarkdownDocument(text, options: Self.options).renderHTML()
        #expect(
            body.html.replacingOccurrences(of: " id=\"page-7\"", with: "").replacingOccurrences(
                of: " id=\"sources\"",
                with: ""
            )
                == plain.replacingOccurrences(of: "align=\"", with: "class=\"align-")
        )
    }

    @Test func aDocumentBiggerThanTheArenaFallsBackToMalloc() {
        // Well over 16 MB of tree and buffers: the rest comes from malloc and is freed as usual.
        let rows = String(repeating: "| cell *one* | cell `two` |\n", count: 150_000)
        let text = "| a | b |\n| - | - |\n" + rows
        let expected = MarkdownDocument(text, options: Self.options).renderHTML()
        let inArena = MarkdownArena.withArena { MarkdownDocument(text, options: Self.options).renderHTML() }
        #expect(inArena.count == expected.count && inArena == expected)
        // The pages it touched beyond the first megabytes went back to the system when the arena
        // was rewound; the arena serves the next documents as before.
        for number in 0..<20 {
            let again = MarkdownArena.withArena {
                MarkdownDocument(Self.document(number), options: Self.options).renderHTML()
            }
            #expect(again == MarkdownDocument(Self.document(number), options: Self.options).renderHTML())
        }
    }
}
