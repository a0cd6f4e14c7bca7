import Foundation
import PortalContent
import PortalDiagnostics
import PortalForms
import PortalMarkdown
import PortalSupport

/// A page body as HTML, with its headings and the anchors its links need.
struct RenderedBody: Sendable {
    var html: String
    var headings: [Heading]
    /// Ids written in raw HTML the site keeps; links may point at them too.
    var rawHTMLIDs: [String] = []
    var anchors: [AnchorCheck]
    var problems: [Diagnostic]
    /// The body split once at its Sources heading: templates list pages before the citations,
    /// and readability leaves the citations out.
    var main: String
    var sources: String
    /// False for a body `BuildMemo` restored without its HTML (`html`, `main` and `sources` are
    /// empty; `BuildMemo.Restored` holds what the build needs of it besides). The build renders
    /// such a body again before anything reads its HTML (`IncrementalBuild.needHTML`).
    var hasHTML = true
    var restored: BuildMemo.Restored?
}

/// Step 2 of the build: every page's Markdown to HTML, on all cores (cmark-gfm's parse itself is
/// serialised inside `MarkdownDocument`), then every `#anchor` checked against the headings.
enum BodyRendering {
    static func render(
        _ content: ContentSite,
        only pages: [Page]? = nil,
        resolver: LinkResolver,
        options: MarkdownOptions,
        memo: BodyMemo? = nil,
        progress: @escaping @Sendable () -> Void
    ) -> [RenderedBody] {
        memo?.enter(content)
        return (pages ?? content.pages).parallelMap { page in
            defer { progress() }
            if let reused = memo?.reuse(page, resolver: resolver, options: options) { return reused }
            var anchors: [AnchorCheck] = []
            var problems: [Diagnostic] = []
            var references: [LinkReference] = []
            var replacements: [String?] = []
            // A body left unread (`ReadStamps`) is read here; its file gone meanwhile is an error.
            let read = page.markdown
            let markdown = read ?? ""
            if read == nil {
                problems.append(
                    .error(
                        page.displayPath,
                        rule: "read",
                        "the file could not be read",
                        hint: "check that it exists and is readable"
                    )
                )
            }
            let rendered = PageBodyRenderer.render(
                markdown,
                options: options,
                lineOffset: page.bodyLineOffset,
                language: page.language
            ) { reference in
                let outcome = resolver.resolve(reference, from: page)
                if let problem = outcome.problem { problems.append(problem) }
                if let anchor = outcome.anchor { anchors.append(anchor) }
                references.append(reference)
                replacements.append(outcome.replacement)
                return outcome.replacement
            }
            for line in rendered.droppedHTMLLines {
                problems.append(
                    .warning(
                        page.displayPath,
                        line: line,
                        rule: "raw-html",
                        "raw HTML on this line is left out of the page",
                        hint:
                            "write it in Markdown; to keep raw HTML, set 'markdown: unsafe_html: true' in site.yml (docs/editing.md)"
                    )
                )
            }
            for heading in rendered.headings where !heading.refusedAttributes.isEmpty {
                let names = heading.refusedAttributes.map { "'\($0)'" }.joined(separator: ", ")
                problems.append(
                    .warning(
                        page.displayPath,
                        line: heading.line,
                        rule: "raw-html",
                        heading.refusedAttributes.count == 1
                            ? "the heading's attribute \(names) is left out of the page"
                            : "the heading's attributes \(names) are left out of the page",
                        hint:
                            "a heading takes '{#id .class}' and lang, dir, title or translate, as in '## Bonjour {lang=fr}' (docs/editing.md)"
                    )
                )
            }
            let split = SourcesSection.split(rendered)
            let body = RenderedBody(
                html: rendered.html,
                headings: rendered.headings,
                rawHTMLIDs: rendered.rawHTMLIDs,
                anchors: anchors,
                problems: problems,
                main: split.main,
                sources: split.sources
            )
            memo?.remember(
                body,
                for: page,
                markdown: markdown,
                options: options,
                references: references,
                replacements: replacements
            )
            return body
        }
    }

    static func checkAnchors(_ bodies: [RenderedBody], content: ContentSite) -> [Diagnostic] {
        // Heading ids only of the pages that links point into.
        var ids: [Int: Set<String>] = [:]
        var problems: [Diagnostic] = []
        for body in bodies {
            for anchor in body.anchors {
                if anchor.fragment.hasPrefix("fn") { continue }  // footnote marks, not headings
                // A page with the request form also has the form's id (`#request-form`).
                let formIDs = FormPages.carriesForm(content.pages[anchor.target]) ? [FormDefinition.formAnchor] : []
                let targetIDs =
                    ids[anchor.target]
                    ?? Set(bodies[anchor.target].headings.map(\.id) + bodies[anchor.target].rawHTMLIDs + formIDs)
                ids[anchor.target] = targetIDs
                if targetIDs.contains(anchor.fragment) { continue }
                let target = content.pages[anchor.target]
                let known = bodies[anchor.target].headings.prefix(6).map { "#" + $0.id }
                problems.append(
                    .error(
                        anchor.file,
                        line: anchor.line,
                        column: anchor.column,
                        rule: "broken-anchor",
                        "the link goes to '#\(anchor.fragment)', but \(target.displayPath) has no heading with that id",
                        hint: known.isEmpty
                            ? "that page has no headings; link to the page without '#...'"
                            : "headings there: \(known.joined(separator: ", "))"
                    )
                )
            }
        }
        return problems
    }
}
