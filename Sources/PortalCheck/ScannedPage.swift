import Foundation
import PortalHTML
import PortalSupport

/// What one page's scan leaves for the site-wide rules, after its tree is freed.
struct ScannedPage: Sendable, Equatable {
    var path: String
    var anchors: Set<String> = []
    var references: [Reference] = []
    var external: [ExternalReference] = []
    var title: String?
    var titleLine = 1
    var isRedirect = false
    var isNoIndex = false
    var findings: [CheckFinding] = []
    /// Output lines that hold the Markdown body (from the source map), to tell body from template.
    /// Worked out on every check, never kept: the body comes from the build, not from the page.
    var bodyLines: ClosedRange<Int>?
    var readable = true

    init(path: String) { self.path = path }
}

/// One page's scan, and whether it came from the cache.
struct PageScan: Sendable {
    var page: ScannedPage
    /// SHA-256 of the bytes scanned; nil when no cache is kept or the file could not be read.
    var digest: String?
    var reused = false
    /// The file's `FileStamp`, when a cache is kept.
    var stamp: String?
}

/// Parses one built page and runs every page rule over it in one walk.
enum PageScanner {
    /// The page's scan: from `cache` when its bytes are the ones scanned last time, else made now.
    static func scan(
        folder: URL,
        path: String,
        resolver: LinkResolution,
        source: PageSource?,
        cache: PageScanCache?,
        stamp known: String? = nil,
        reader: HTMLDocument.Reader = .fastest
    ) -> PageScan {
        // The very file scanned last time (unchanged pages are the published files, linked):
        // not read at all, unless the body must be found in it.
        let stamp = cache == nil ? nil : known ?? FileStamp.of(folder.path + "/" + path)
        if let stamp, source?.bodyHTML.isEmpty ?? true, let entry = cache?.entry(path, stamp: stamp) {
            var scan = PageScan(page: entry.page, digest: entry.digest, reused: true, stamp: stamp)
            scan.page.bodyLines = source?.bodyLines
            return scan
        }
        guard let bytes = SourceFile.read(folder.path + "/" + path)?.bytes else {
            var scanned = ScannedPage(path: path)
            scanned.readable = false
            scanned.findings.append(
                CheckFinding(.error, file: path, rule: "read", message: "the file could not be read")
            )
            return PageScan(page: scanned)
        }
        let digest = cache.map { _ in PageScanCache.digest(bytes) }
        var scan: PageScan
        if let digest, let stored = cache?.page(path, digest: digest) {
            scan = PageScan(page: stored, digest: digest, reused: true, stamp: stamp)
        } else {
            // The page's tree lives in this thread's arena, rewound when the scan returns: the
            // result holds no element or document.
            scan = PageScan(
                page: HTMLDocument.withArena { scanPage(path: path, bytes: bytes, resolver: resolver, reader: reader) },
                digest: digest,
                stamp: stamp
            )
        }
        if var body = source?.bodyHTML, !body.isEmpty {
            // In place: copying every page's body into an array costs more than the search.
            scan.page.bodyLines = body.withUTF8 { BuiltFiles.lines(of: UnsafeRawBufferPointer($0), in: bytes) }
        } else if let lines = source?.bodyLines {
            scan.page.bodyLines = lines
        }
        return scan
    }

    private static func scanPage(
        path: String,
        bytes: [UInt8],
        resolver: LinkResolution,
        reader: HTMLDocument.Reader
    ) -> ScannedPage {
        var scanned = ScannedPage(path: path)
        let parsed = bytes.withUnsafeBytes { HTMLDocument(bytes: $0, reader: reader) }
        guard let document = parsed else {
            // An empty file has no tree at all.
            scanned.findings.append(
                CheckFinding(
                    .error,
                    file: path,
                    rule: "title",
                    message: "the page is empty",
                    hint: "the page's layout produced no HTML"
                )
            )
            return scanned
        }
        let page = PageContext(path: path, document: document, bytes: bytes)
        let names = AccessibleName(page: page)
        var documentRules = DocumentRules()
        var headings = HeadingRules()
        var forms = FormRules()
        var references = ReferenceRules(resolver: resolver, page: path)
        for (element, hidden) in zip(page.elements, page.hidden) {
            documentRules.visit(element, page)
            headings.visit(element, page, names, hidden: hidden)
            forms.visit(element, page, names, hidden: hidden)
            references.visit(element, page)
            ImageRules.check(element, page, names, hidden: hidden)
            LinkRules.check(element, page, names, hidden: hidden)
            FrameRules.check(element, page, names, hidden: hidden)
        }
        documentRules.finish(page)
        headings.finish(page, names)
        forms.finish(page, names)

        scanned.anchors = documentRules.anchors
        scanned.references = references.references
        scanned.external = references.external
        scanned.findings = page.findings + references.checkSamePage(page, anchors: scanned.anchors)
        scanned.title = documentRules.title
        scanned.titleLine = documentRules.titleLine
        scanned.isRedirect = documentRules.isRedirect
        scanned.isNoIndex = documentRules.isNoIndex
        return scanned
    }
}
