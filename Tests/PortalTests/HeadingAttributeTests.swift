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
        #expect(render("## Split {#my_id}\n").headings.first?.id == "my_id")
    }

    @Test func onlyLangDirTitleAndTranslateAreKeptBesidesTheIDAndClasses() {
        let refused = [
            "onclick=alert(1)", "style=color:red", "data-search=x", "data-js-only=1", "data-print=1",
            "data-index-en=evil.json", "hidden=hidden", "autofocus=1", "contenteditable=true", "popover=auto",
            "tabindex=1", "is=x-evil", "xmlns:xlink=x",
        ]
        for attribute in refused {
            let rendered = render("## Title {#t .note \(attribute) lang=fr}\n")
            let name = String(attribute.prefix { $0 != "=" })
            #expect(rendered.html.contains(#"<h2 id="t" class="note" lang="fr">Title</h2>"#), "\(rendered.html)")
            #expect(rendered.headings.first?.refusedAttributes == [name])
        }
        let kept = render(#"## Title {dir=rtl title="A b" translate=no LANG=fr}"# + "\n")
        #expect(kept.html.contains(#"dir="rtl" title="A b" translate="no" lang="fr">Title</h2>"#), "\(kept.html)")
        #expect(kept.headings.first?.refusedAttributes == [])
    }

    @Test func smartPunctuationsQuotesAreValueQuotes() {
        let options = MarkdownOptions(smartPunctuation: true)
        for markdown in [#"## Bonjour {lang="fr"}"#, "## Bonjour {lang='fr'}"] {
            let rendered = PageBodyRenderer.render(markdown + "\n", options: options) { _ in nil }
            #expect(rendered.html.contains(#"<h2 id="bonjour" lang="fr">Bonjour</h2>"#), "\(rendered.html)")
        }
    }

    @Test func aRefusedAttributeIsAWarningAtItsLine() throws {
        let site = try TestSite([
            "content/_index.md": "---\ntitle: Home\ndescription: Home.\n---\n\nHi.\n",
            "content/_index.es.md": "---\ntitle: Inicio\ndescription: Inicio.\n---\n\nHola.\n",
            "content/a.md": page("A", "Text.\n\n## Two {#two data-search=1 hidden=x}\n\ny\n"),
        ])
        defer { site.remove() }
        let report = try site.build()
        let warning = try #require(report.diagnostics.first { $0.rule == "raw-html" })
        #expect(warning.file == "content/a.md" && warning.line == 8, "\(warning)")
        #expect(warning.message.contains("'data-search', 'hidden'"))
        let html = try #require(site.read("a/index.html"))
        #expect(html.contains(#"<h2 id="two">Two</h2>"#) && !html.contains("data-search=\"1"))
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
