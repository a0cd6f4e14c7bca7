import Foundation
import PortalContent
import PortalDiagnostics
import PortalMarkdown

/// A `#fragment` that must exist as a heading id on a page, checked once every page is rendered.
struct AnchorCheck: Sendable {
    var target: Int
    var fragment: String
    var file: String
    var line: Int
    var column: Int
}

/// Turns the links an editor writes (`../self-care/boundaries.md#scripts`, `photo.jpg`) into
/// the built site's relative URLs, and reports links to files or pages that do not exist.
struct LinkResolver: Sendable {
    let content: ContentSite
    let assetFiles: Set<String>
    /// Files of `static/`, published at the site's root: `/images/figure.png` reaches one.
    let staticFiles: Set<String>
    var draftSources: Set<String> { content.draftSources }

    init(content: ContentSite, staticFiles: Set<String> = []) {
        self.content = content
        self.assetFiles = Set(content.assetFiles)
        self.staticFiles = staticFiles
    }

    /// The rule of every problem `resolve` reports.
    static let rule = "broken-link"

    struct Outcome {
        var replacement: String?
        var problem: Diagnostic?
        var anchor: AnchorCheck?
    }

    func resolve(_ reference: LinkReference, from page: Page) -> Outcome {
        let destination = reference.destination
        if destination.isEmpty || Self.isExternal(destination) { return Outcome() }
        func problem(_ message: String, _ hint: String) -> Outcome {
            Outcome(
                problem: .error(
                    page.displayPath,
                    line: reference.line,
                    column: reference.column,
                    rule: Self.rule,
                    message,
                    hint: hint
                )
            )
        }

        let (path, query, fragment) = Self.split(destination)
        if path.isEmpty {
            guard let fragment, !fragment.isEmpty else { return Outcome() }
            return Outcome(anchor: anchorCheck(page.index, fragment, page, reference))
        }
        let fromRoot = path.hasPrefix("/")
        guard let resolved = SitePath.resolve(path, against: fromRoot ? "" : page.directory) else {
            return problem(
                "the link '\(destination)' points outside the content folder",
                "write the path relative to this file, e.g. '../self-care/boundaries.md'"
            )
        }

        if path.hasSuffix(".md") || path.hasSuffix("/") || pageSource(for: resolved) != nil {
            guard var target = pageSource(for: resolved).flatMap({ content.pageBySource[$0] }) else {
                if let (message, hint) = unpublished(resolved, destination) { return problem(message, hint) }
                return problem(
                    "the link '\(destination)' points to a page that does not exist (\(resolved))",
                    "check the file name; paths are relative to this file's folder"
                )
            }
            // A link to the original from a translation leads to the translation when there is one.
            // (Fields read in place: a copy of the whole page was an eighth of the time spent here.)
            let writtenLanguage = content.pages[target].language
            if writtenLanguage != page.language, let translated = content.pages[target].translations[page.language],
                !path.contains(".\(writtenLanguage).md")
            {
                target = translated
            }
            let url = SitePath.relative(from: page.url, to: content.pages[target].url)
            var anchor: AnchorCheck?
            if let fragment, !fragment.isEmpty {
                anchor = anchorCheck(target, fragment, page, reference)
            }
            return Outcome(
                replacement: url + (query.map { "?" + $0 } ?? "") + (fragment.map { "#" + $0 } ?? ""),
                anchor: anchor
            )
        }

        if assetFiles.contains(resolved) || staticFiles.contains(resolved) {
            // Relative, so it works in a subfolder deployment too.
            return Outcome(
                replacement: SitePath.relative(from: page.url, to: resolved) + (fragment.map { "#" + $0 } ?? "")
            )
        }
        if let target = content.pageByURL[resolved.hasSuffix("/") ? resolved : resolved + "/"] {
            return Outcome(
                replacement: SitePath.relative(from: page.url, to: content.pages[target].url)
                    + (fragment.map { "#" + $0 } ?? "")
            )
        }
        if let (message, hint) = unpublished(resolved, destination) { return problem(message, hint) }
        return problem(
            "the \(reference.isImage ? "image" : "link") '\(destination)' points to a file that does not exist (\(resolved))",
            reference.isImage
                ? "put the image beside the page and write its file name, e.g. 'photo.jpg'"
                : "link to the page's .md file, e.g. '../self-care/boundaries.md'"
        )
    }

    /// `folder/` and `folder` mean the folder's list page, `folder/_index.md`.
    private func pageSource(for resolved: String) -> String? {
        if resolved.hasSuffix(".md") { return resolved }
        let index = resolved.isEmpty ? "_index.md" : resolved + "/_index.md"
        return content.pageBySource[index] != nil || draftSources.contains(index)
            || content.expiredSources.contains(index) ? index : nil
    }

    /// Why a link's target is not in the build, when it is a draft or has expired: `old.md`, or a
    /// site path (`old/`) to `old.md` or `old/_index.md`.
    func unpublished(_ resolved: String, _ destination: String) -> (message: String, hint: String)? {
        let folder = resolved.hasSuffix("/") ? String(resolved.dropLast()) : resolved
        let candidates =
            resolved.hasSuffix(".md")
            ? [resolved] : [folder + ".md", folder.isEmpty ? "_index.md" : folder + "/_index.md"]
        for source in candidates {
            if let reason = unpublishedSource(source, destination) { return reason }
        }
        return nil
    }

    private func unpublishedSource(_ source: String, _ destination: String) -> (message: String, hint: String)? {
        if content.expiredSources.contains(source) {
            return (
                "the link '\(destination)' points to a page whose expirydate has passed (\(source))",
                "remove the link, or change the page's expirydate; 'portal build --expired' keeps expired pages"
            )
        }
        if draftSources.contains(source) {
            return (
                "the link '\(destination)' points to a draft page (\(source))",
                "publish the page (remove 'draft: true') or remove the link; 'portal build --drafts' previews drafts"
            )
        }
        return nil
    }

    private func anchorCheck(_ target: Int, _ fragment: String, _ page: Page, _ reference: LinkReference) -> AnchorCheck
    {
        AnchorCheck(
            target: target,
            fragment: Self.decodingPercents(fragment),
            file: page.displayPath,
            line: reference.line,
            column: reference.column
        )
    }

    static func isExternal(_ destination: String) -> Bool {
        if destination.hasPrefix("//") { return true }
        // Searched as bytes: most links are relative and have no colon at all.
        guard let colon = destination.utf8.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let scheme = destination[..<colon]
        return !scheme.isEmpty && scheme.allSatisfy { $0.isLetter || $0.isNumber || "+.-".contains($0) }
            && !scheme.contains("/")
    }

    /// `path?query#fragment`, found as bytes (every link of every page goes through here); a `?`
    /// or `#` before a combining mark still separates, as in a URL.
    static func split(_ destination: String) -> (path: String, query: String?, fragment: String?) {
        let utf8 = destination.utf8
        var end = utf8.endIndex
        var fragment: String?
        if let hash = utf8.firstIndex(of: UInt8(ascii: "#")) {
            fragment = String(destination[utf8.index(after: hash)...])
            end = hash
        }
        var query: String?
        if let mark = utf8[..<end].firstIndex(of: UInt8(ascii: "?")) {
            query = String(destination[utf8.index(after: mark)..<end])
            end = mark
        }
        return (Self.decodingPercents(String(destination[..<end])), query, fragment)
    }

    /// `%20` to a space; Foundation's decoder is slow and most links have nothing to decode.
    static func decodingPercents(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return text }
        return text.removingPercentEncoding ?? text
    }
}
