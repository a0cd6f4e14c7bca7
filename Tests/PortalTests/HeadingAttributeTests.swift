import PortalMarkdown
import PortalSite
import Testing

/// Hugo's (Goldmark's) heading attributes, `## Title {#custom-id .note}`: taken off the text,
/// written on the heading, known to the table of contents and the fragment check.
@Suite struct HeadingAttributeTests {
    func render(_ markdown: String) -> RenderedMarkdown {
        PageBodyRenderer.render(markdown, options: MarkdownOptions()) { _ in nil }
    }

    @Test func theIDAndClassesGoOnTheHeadingAndLeaveItsText() {
        let rendered = render("## Say *no* kindly {#say-no .warning .wide lang=en}\n\n## Plain\n")
        #expect(
            rendered.html.contains(#"<h2 id="say-no" class="warning wide" lang="en">Say <em>no</em> kindly</h2>"#),
            "\(rendered.html)"
        )
        #expect(rendered.headings.map(\.id) == ["say-no", "plain"])
        #expect(rendered.headings.first?.text == "Say no kindly")
    }

    @Test func aWrittenIDIsReservedSoAMadeUpOneDoesNotTakeIt() {
        let rendered = render("## Intro\n\n## Other {#intro}\n")
        #expect(rendered.headings.map(\.id) == ["intro-1", "intro"])
    }

    @Test func braceTextThatIsNotAnAttributeBlockStays() {
        #expect(render("## Sets {a, b}\n").headings.first?.text == "Sets {a, b}")
        #expect(render("## {#only}\n").headings.first?.text == "{#only}")
        #expect(render("## Bad {onclick=alert(1)}\n").html.contains("onclick=alert(1)}</h2>"))
        #expect(render("## Split {#my_id}\n").headings.first?.id == "my_id")
    }

    @Test func aLinkToAWrittenIDPassesTheFragmentCheckAndTheTOCUsesIt() throws {
        let site = try TestSite([
            "content/_index.md": "---\ntitle: Home\ndescription: Home.\n---\n\nSee [part](a.md#part-7).\n",
            "content/_index.es.md": "---\ntitle: Inicio\ndescription: Inicio.\n---\n\nHola.\n",
            "content/a.md": page("A", "## One {#part-5}\n\nx\n\n## Two {#part-7 .highlight}\n\ny\n\n## Three\n\nz\n"),
        ])
        defer { site.remove() }
        let report = try site.build()
        #expect(report.check?.hasErrors == false)
        let html = try #require(site.read("a/index.html"))
        #expect(html.contains(#"<h2 id="part-7" class="highlight">Two</h2>"#))
        #expect(site.read("index.html")?.contains(##"href="a/#part-7""##) == true)
        #expect(!html.contains("{#"))
    }
}
