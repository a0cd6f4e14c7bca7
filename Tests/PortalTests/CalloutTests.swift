import PortalMarkdown
import Testing

/// `> [!NOTE]` and the other GitHub alerts become labelled notes; everything else stays a quote.
@Suite struct CalloutTests {
    static func html(_ markdown: String, language: String = "en") -> String {
        var options = MarkdownOptions(smartPunctuation: true)
        options.calloutLabels = ["es": ["warning": "Advertencia", "note": "Nota"]]
        return PageBodyRenderer.render(markdown, options: options, language: language) { _ in nil }.html
    }

    @Test func eachKindGetsItsClassRoleAndVisibleLabel() {
        for kind in Callouts.kinds {
            let out = Self.html("> [!\(kind.uppercased())]\n> Call 988 at any hour.\n")
            let label = kind.prefix(1).uppercased() + kind.dropFirst()
            #expect(
                out == """
                    <div class="callout callout--\(kind)" role="note">
                    <p class="callout__label">\(label)</p>
                    <p>Call 988 at any hour.</p>
                    </div>

                    """
            )
            #expect(!out.contains("[!"))
        }
    }

    @Test func labelsComeInThePagesLanguage() {
        let out = Self.html("> [!WARNING]\n> Llame al 911.\n", language: "es")
        #expect(out.contains(#"<p class="callout__label">Advertencia</p>"#))
        #expect(Self.html("> [!TIP]\n> Texto.\n", language: "es").contains(">Tip</p>"))  // no label given: the kind
    }

    @Test func markerOnItsOwnParagraphAndSeveralParagraphs() {
        let out = Self.html("> [!note]\n>\n> First.\n>\n> - a list\n")
        #expect(
            out.hasPrefix(
                "<div class=\"callout callout--note\" role=\"note\">\n<p class=\"callout__label\">Note</p>\n<p>First.</p>"
            )
        )
        #expect(out.contains("<li>a list</li>"))
        #expect(out.hasSuffix("</div>\n"))
        #expect(!out.contains("blockquote"))
    }

    @Test func nestedQuotesCloseAtTheRightPlace() {
        let out = Self.html("> [!CAUTION]\n> Outer.\n>\n> > A quote inside.\n>\n> After.\n\n> Plain quote.\n")
        #expect(out.contains("<blockquote>\n<p>A quote inside.</p>\n</blockquote>\n<p>After.</p>\n</div>"))
        #expect(out.hasSuffix("<blockquote>\n<p>Plain quote.</p>\n</blockquote>\n"))
        let inner = Self.html("> [!NOTE]\n> Outer.\n>\n> > [!WARNING]\n> > Inner.\n")
        #expect(inner.contains(#"<div class="callout callout--warning" role="note">"#))
        #expect(inner.components(separatedBy: "</div>").count == 3)
    }

    @Test func otherQuotesAndUnknownKindsStayQuotes() {
        #expect(Self.html("> [!DANGER]\n> Text.\n").contains("<blockquote>\n<p>[!DANGER]"))
        #expect(Self.html("> [!NOTE] on the same line\n").contains("<blockquote>"))
        #expect(Self.html("> Just a quote with [!NOTE] inside.\n").contains("<blockquote>"))
        #expect(Self.html("Text [!NOTE] in a paragraph.\n") == "<p>Text [!NOTE] in a paragraph.</p>\n")
        #expect(Self.html("```\n> [!NOTE]\n```\n").contains("&gt; [!NOTE]"))
    }
}
