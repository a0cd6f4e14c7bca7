import Testing

@testable import PortalMarkdown

/// A text is parsed without cmark-gfm's `autolink` extension only when nothing in it could become
/// an automatic link; every kind it makes is still made.
@Suite struct AutolinkTriggerTests {
    private func html(_ markdown: String) -> String {
        MarkdownDocument(markdown).renderHTML()
    }

    @Test func everyKindOfAutomaticLinkIsStillMade() {
        #expect(html("See www.example.org today.").contains(#"<a href="http://www.example.org">"#))
        #expect(html("See https://example.org/a today.").contains(#"<a href="https://example.org/a">"#))
        #expect(html("Write to help@example.org.").contains(#"<a href="mailto:help@example.org">"#))
        // A character reference becomes the `@` before the extension looks for addresses.
        #expect(html("Write to help&#64;example.org.").contains(#"<a href="mailto:help@example.org">"#))
        #expect(!html("See WWW.EXAMPLE.ORG today.").contains("<a "))
    }

    @Test func textsWithoutTriggersAreTold() {
        let cases: [(String, Bool)] = [
            ("Plain words with w and : and / and wwww", false),
            ("Time: 10:30, path a/b, w.w.w.", false),
            ("ftp://example.org", true),
            ("www.example.org", true),
            // The extension takes only `www.` in lower case, as cmark-gfm's own test shows.
            ("WWW.EXAMPLE.ORG", false),
            ("a@b", true),
            ("Q&A", true),
        ]
        for (text, expected) in cases {
            var copy = text
            let found = copy.withUTF8 { AutolinkTriggers.mayLink(UnsafeRawBufferPointer($0)) }
            #expect(found == expected, "\(text)")
        }
    }
}
