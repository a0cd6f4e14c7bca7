import Foundation
import PortalHTML

/// What one page's scan leaves for the site-wide rules, after its tree is freed.
struct ScannedPage: Sendable {
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
    var bodyLines: ClosedRange<Int>?
    var readable = true
}

/// Parses one built page and runs every page rule over it in one walk.
enum PageScanner {
    static func scan(folder: URL, path: String, resolver: LinkResolution, source: PageSource?) -> ScannedPage {
        // The page's tree lives in this thread's arena, rewound when the scan returns: the result
        // holds no element or document.
        HTMLDocument.withArena { scanPage(folder: folder, path: path, resolver: resolver, source: source) }
    }

    private static func scanPage(folder: URL, path: String, resolver: LinkResolution, source: PageSource?) -> ScannedPage {
        var scanned = ScannedPage(path: path)
        guard let bytes = BuiltFiles.read(folder.path + "/" + path) else {
            scanned.readable = false
            scanned.findings.append(CheckFinding(.error, file: path, rule: "read", message: "the file could not be read"))
            return scanned
        }
        let parsed = bytes.withUnsafeBytes { HTMLDocument(bytes: $0) }
        guard let document = parsed else {
            // An empty file has no tree at all.
            scanned.findings.append(CheckFinding(.error, file: path, rule: "title", message: "the page is empty", hint: "the page's layout produced no HTML"))
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
        if var body = source?.bodyHTML, !body.isEmpty {
            // In place: copying every page's body into an array costs more than the search.
            scanned.bodyLines = body.withUTF8 { BuiltFiles.lines(of: UnsafeRawBufferPointer($0), in: bytes) }
        }
        return scanned
    }
}
