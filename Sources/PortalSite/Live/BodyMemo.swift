import Foundation
import PortalContent
import PortalDiagnostics
import PortalMarkdown

/// Page bodies already turned into HTML, kept between `portal serve` rebuilds. A body is reused
/// when its Markdown, its address and every link in it resolve exactly as before; its link
/// problems and anchors are worked out again, since the pages they point to may have changed.
final class BodyMemo: @unchecked Sendable {
    private struct Entry {
        var body: String
        var bodyLineOffset: Int
        var url: String
        var displayPath: String
        var options: MarkdownOptions
        var references: [LinkReference]
        var replacements: [String?]
        var rendered: RenderedBody
        /// Changes each time the body is rendered anew.
        var version: Int
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var nextVersion = 0

    func reuse(_ page: Page, resolver: LinkResolver, options: MarkdownOptions) -> RenderedBody? {
        lock.lock()
        let entry = entries[page.sourcePath]
        lock.unlock()
        guard let entry, entry.options == options, entry.url == page.url, entry.displayPath == page.displayPath,
            entry.bodyLineOffset == page.bodyLineOffset, Self.sameBytes(entry.body, page.body)
        else { return nil }
        var body = entry.rendered
        body.anchors = []
        body.problems = []
        for (reference, replacement) in zip(entry.references, entry.replacements) {
            let outcome = resolver.resolve(reference, from: page)
            guard outcome.replacement == replacement else { return nil }
            if let problem = outcome.problem { body.problems.append(problem) }
            if let anchor = outcome.anchor { body.anchors.append(anchor) }
        }
        return body
    }

    func remember(
        _ body: RenderedBody, for page: Page, options: MarkdownOptions, references: [LinkReference],
        replacements: [String?]
    ) {
        let entry = Entry(
            body: page.body, bodyLineOffset: page.bodyLineOffset, url: page.url, displayPath: page.displayPath,
            options: options, references: references, replacements: replacements, rendered: body, version: 0)
        lock.lock()
        nextVersion += 1
        entries[page.sourcePath] = entry
        entries[page.sourcePath]?.version = nextVersion
        lock.unlock()
    }

    /// Each page's body version: a page whose version differs from the last render's has a new body.
    func versions() -> [String: Int] {
        lock.lock()
        defer { lock.unlock() }
        return entries.mapValues(\.version)
    }

    /// Drops entries of pages that no longer exist.
    func keep(only sources: Set<String>) {
        lock.lock()
        entries = entries.filter { sources.contains($0.key) }
        lock.unlock()
    }

    /// Byte comparison: unchanged files come from the read cache as the very same string, and
    /// String's `==` would compare non-ASCII text by Unicode normalization, which is slow.
    static func sameBytes(_ first: String, _ second: String) -> Bool {
        var first = first
        var second = second
        return first.withUTF8 { one in
            second.withUTF8 { other in
                guard one.count == other.count else { return false }
                guard let a = one.baseAddress, let b = other.baseAddress, a != b else { return true }
                return memcmp(a, b, one.count) == 0
            }
        }
    }
}
