import PortalMarkdown
import Testing

@Suite struct MarkdownTests {
    @Test func headingsGetUniqueIDsAndTheLineTheyAreOn() {
        let rendered = PageBodyRenderer.render(
            "Intro\n\n## Say no *kindly*\n\ntext\n\n## Say no kindly\n",
            options: MarkdownOptions(),
            lineOffset: 4
        ) { _ in nil }
        #expect(rendered.html.contains(#"<h2 id="say-no-kindly">Say no <em>kindly</em></h2>"#))
        #expect(rendered.html.contains(#"<h2 id="say-no-kindly-1">"#))
        #expect(rendered.headings.map(\.line) == [7, 11])
        #expect(!rendered.html.contains("\u{1}"))
    }

    @Test func rewritesLinkDestinationsAndReportsWhereTheyAre() {
        var seen: [LinkReference] = []
        let rendered = PageBodyRenderer.render(
            "First line\n\nSee [the page](other.md#x) and ![a photo](photo.jpg).\n",
            options: MarkdownOptions(),
            lineOffset: 3
        ) { reference in
            seen.append(reference)
            return reference.isImage ? "img/photo.jpg" : "../other/#x"
        }
        #expect(rendered.html.contains(#"<a href="../other/#x">the page</a>"#))
        #expect(rendered.html.contains(#"<img src="img/photo.jpg" alt="a photo" />"#))
        #expect(seen.map(\.line) == [6, 6])
        #expect(seen.first?.column == 5)
    }

    @Test func rawHTMLIsLeftOutUnlessAllowed() {
        let safe = PageBodyRenderer.render("<b>hi</b>\n\n<div>x</div>\n", options: MarkdownOptions()) { _ in nil }
        #expect(!safe.html.contains("<div>"))
        #expect(safe.html.contains("raw HTML omitted"))
        let unsafe = PageBodyRenderer.render(
            "<div>x</div>\n\n<script>alert(1)</script>\n",
            options: MarkdownOptions(allowRawHTML: true)
        ) { _ in nil }
        #expect(unsafe.html.contains("<div>x</div>"))
        #expect(!unsafe.html.contains("<script>"))  // tagfilter still disarms it
    }

    @Test func gfmExtensionsAreOn() {
        let html = PageBodyRenderer.render(
            "| a | b |\n|:-:|---|\n| 1 | 2 |\n\n~~gone~~ www.example.org\n\n- [x] done\n- [ ] todo\n\nNote[^1]\n\n[^1]: A footnote.\n",
            options: MarkdownOptions()
        ) { _ in nil }.html
        #expect(html.contains("<table>"))
        #expect(html.contains(#"<th class="align-center">a</th>"#))
        #expect(!html.contains("align=\""))
        #expect(html.contains("<del>gone</del>"))
        #expect(html.contains(#"<a href="http://www.example.org">"#))
        #expect(html.contains(#"type="checkbox" checked="" disabled="""#))
        #expect(html.contains("footnotes"))
    }
}
