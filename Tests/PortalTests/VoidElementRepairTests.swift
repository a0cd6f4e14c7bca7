import Testing

@testable import PortalHTML

/// The repair walk runs only on pages with a `<source>`, `<track>`, `<wbr>` or `<embed>` start tag.
@Suite struct VoidElementRepairTests {
    static func needed(_ html: String) -> Bool {
        Array(html.utf8).withUnsafeBytes { VoidElementRepair.mayBeNeeded($0) }
    }

    @Test func findsTheFourStartTagsInAnyCase() {
        #expect(Self.needed("<video><source src=a.mp4></video>"))
        #expect(Self.needed("<VIDEO><SOURCE SRC=a.mp4></VIDEO>"))
        #expect(Self.needed("<p>long<wbr>word</p>"))
        #expect(Self.needed("<track kind=captions>"))
        #expect(Self.needed("x<embed src=a>"))
    }

    @Test func otherPagesSkipTheWalk() {
        #expect(!Self.needed("<p>sources and tracks</p><span>embed</span><strong>wbr</strong>"))
        #expect(!Self.needed("<section><table><tr><td>e</td></tr></table></section>"))
        #expect(!Self.needed(""))
        #expect(!Self.needed("<"))
        #expect(!Self.needed("text <sour"))
    }

    @Test func pagesWithTheTagsStillGetTheRepairedTree() throws {
        // Bytes, as the checker reads pages: the initialiser that asks `mayBeNeeded` first.
        let html = Array("<html><body><video><source src=a.mp4><p>After</p></video></body></html>".utf8)
        let document = try #require(html.withUnsafeBytes { HTMLDocument(bytes: $0) })
        // libxml2 alone nests <p> inside <source>; repaired, it follows it inside <video>.
        #expect(document.elements.first { $0.name == "p" }?.parent?.name == "video")
    }
}
