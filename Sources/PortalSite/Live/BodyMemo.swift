import Foundation
import PortalContent
import PortalDiagnostics
import PortalMarkdown

/// Page bodies already turned into HTML, kept between `portal serve` rebuilds and, through
/// `BuildMemo`, between `portal build` runs. A body is reused when its Markdown, its address and
/// every link in it resolve exactly as before; its link problems and anchors are worked out
/// again, since the pages they point to may have changed.
final class BodyMemo: @unchecked Sendable {
    struct Entry {
        /// The Markdown it was made from; a build's memo read from disk keeps only its digest.
        var body: String?
        var bodyDigest: String?
        var bodyLineOffset: Int
        var url: String
        var displayPath: String
        var options: MarkdownOptions
        var references: [LinkReference]
        var replacements: [String?]
        var rendered: RenderedBody
        /// Changes each time the body is rendered anew.
        var version: Int
        /// The link world its links were last resolved in.
        var world: Int
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var nextVersion = 0
    private var world: LinkWorld?
    private var worldNumber = 0

    /// Called before each rendering: while pages, addresses, translations and files stay the
    /// same, every link resolves as before and needs no second look.
    @discardableResult
    func enter(_ content: ContentSite) -> LinkWorld {
        let current = LinkWorld(content)
        lock.lock()
        if current != world {
            world = current
            worldNumber += 1
        }
        lock.unlock()
        return current
    }

    func reuse(_ page: Page, resolver: LinkResolver, options: MarkdownOptions) -> RenderedBody? {
        lock.lock()
        let entry = entries[page.sourcePath]
        let currentWorld = worldNumber
        lock.unlock()
        guard let entry, entry.options == options, entry.url == page.url, entry.displayPath == page.displayPath,
            // A body not read is the one the last build read (`ReadStamps`), which this entry is of.
            entry.bodyLineOffset == page.bodyLineOffset, page.bodyFile != nil || Self.sameBody(entry, page.body)
        else { return nil }
        if entry.world == currentWorld { return entry.rendered }
        var body = entry.rendered
        body.anchors = []
        // The problems of its raw HTML and heading attributes stay; those of its links are found again.
        body.problems.removeAll { $0.rule == LinkResolver.rule }
        for (reference, replacement) in zip(entry.references, entry.replacements) {
            let outcome = resolver.resolve(reference, from: page)
            guard outcome.replacement == replacement else { return nil }
            if let problem = outcome.problem { body.problems.append(problem) }
            if let anchor = outcome.anchor { body.anchors.append(anchor) }
        }
        lock.lock()
        entries[page.sourcePath]?.rendered = body
        entries[page.sourcePath]?.world = currentWorld
        lock.unlock()
        return body
    }

    func remember(
        _ body: RenderedBody,
        for page: Page,
        markdown: String,
        options: MarkdownOptions,
        references: [LinkReference],
        replacements: [String?]
    ) {
        var entry = Entry(
            body: markdown,
            bodyDigest: nil,
            bodyLineOffset: page.bodyLineOffset,
            url: page.url,
            displayPath: page.displayPath,
            options: options,
            references: references,
            replacements: replacements,
            rendered: body,
            version: 0,
            world: 0
        )
        lock.lock()
        entry.world = worldNumber
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

    /// The entries to keep for the next build, each with its body's digest (`BuildMemo`).
    func stored() -> [String: Entry] {
        lock.lock()
        var all = entries
        lock.unlock()
        let missing = all.compactMap { source, entry in entry.bodyDigest == nil ? entry.body.map { (source, $0) } : nil
        }
        let digests = missing.map(\.1).parallelMap(StableDigest.of)
        for ((source, _), digest) in zip(missing, digests) { all[source]?.bodyDigest = digest }
        return all
    }

    /// Takes up a build's memo read from disk. Entries made while every link resolved as now
    /// (`sameWorld`) are reused as they are; the others have their links resolved again.
    func restore(_ stored: [String: Entry], sameWorld: Bool) {
        lock.lock()
        defer { lock.unlock() }
        entries = stored.mapValues { entry in
            var entry = entry
            entry.version = 0
            entry.world = sameWorld ? worldNumber : -1
            return entry
        }
    }

    /// The pages whose bodies were rendered anew since `restore`.
    func renderedSinceRestore() -> Set<String> {
        lock.lock()
        defer { lock.unlock() }
        return Set(entries.compactMap { $0.value.version == 0 ? nil : $0.key })
    }

    private static func sameBody(_ entry: Entry, _ body: String) -> Bool {
        if let stored = entry.body { return sameBytes(stored, body) }
        return entry.bodyDigest == StableDigest.of(body)
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

/// Everything a link's resolution reads besides the page it is on: which pages exist, in which
/// order (anchors name pages by index), at which address, with which translations, and the files
/// beside pages and the drafts.
struct LinkWorld: Equatable {
    struct PageFacts: Equatable {
        var source: String
        var url: String
        var translations: [String: Int]
    }

    var pages: [PageFacts]
    var assetFiles: [String]
    var drafts: Set<String>

    init(_ content: ContentSite) {
        pages = content.pages.map { PageFacts(source: $0.sourcePath, url: $0.url, translations: $0.translations) }
        assetFiles = content.assetFiles
        drafts = content.draftSources
    }
}
