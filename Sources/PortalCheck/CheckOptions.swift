import Foundation
import PortalDiagnostics
import PortalHTML
import PortalSupport

/// What the checker needs to know besides the folder of built files.
public struct CheckOptions: Sendable {
    /// The site's public address (`https://example.org/peer/`): absolute links to it are internal,
    /// and its path is where `/...` links start. When nil, `robots.txt` is asked; else `/`.
    public var baseURL: String?
    /// Put before output-relative paths in messages, e.g. `public/`.
    public var displayPrefix: String
    /// Where each built page came from; with it, findings name the `.md` or template file.
    public var sources: SourceMap?
    /// Findings made elsewhere (stale referral entries, missing translations), reported with the rest.
    public var extraFindings: [CheckFinding]
    /// Also ask other sites whether the links to them still work (`--external`).
    public var external: ExternalLinkOptions?
    /// Where each page's scan is kept for the next check (`.cache/check-pages.bin`), which reuses
    /// it while the page's bytes, the site's file list and address stay the same
    /// (`PageScanCache`); nil keeps none.
    public var cacheFile: URL?
    /// The severity the site chose for each rule (`check: rules:` in `site.yml`).
    public var rules = RuleSeverities()
    /// The folder's files (sorted, hidden ones left out) when the caller has just written every
    /// one of them and knows the list (`portal build`): the folder is not walked a second time.
    public var files: [String]?
    /// `FileStamp` of files the caller took after writing them (`portal build` keeps them for its
    /// memo), by path: a page's stamp is not looked up a second time.
    public var stamps: [String: String] = [:]
    /// How pages are parsed: the XML parser first where it gives the HTML parser's tree
    /// (`XMLFastPath`), or the HTML parser alone (for the tests that compare the two).
    public var reader = HTMLDocument.Reader.fastest
    /// HTML files that are not pages: the request form's shell, which the intake service fills
    /// (its title and form are slots), is not served as it is.
    public static let notPages: Set<String> = ["form-shell.html"]

    public init(
        baseURL: String? = nil,
        displayPrefix: String = "",
        sources: SourceMap? = nil,
        extraFindings: [CheckFinding] = [],
        external: ExternalLinkOptions? = nil,
        cacheFile: URL? = nil
    ) {
        self.baseURL = baseURL
        self.displayPrefix = displayPrefix
        self.sources = sources
        self.extraFindings = extraFindings
        self.external = external
        self.cacheFile = cacheFile
    }
}

/// Built file (path below the checked folder) to the files it was made from.
public struct SourceMap: Sendable {
    public var pages: [String: PageSource]
    /// Every template of the theme: display path and text, searched for the markup of a finding
    /// that does not come from the page body.
    public var templates: [(path: String, text: String)]

    public init(pages: [String: PageSource], templates: [(path: String, text: String)]) {
        self.pages = pages
        self.templates = templates
    }
}

/// The sources of one built file.
public struct PageSource: Sendable {
    /// `content/self-care/boundaries.md`; nil for files made from a template alone (404 pages).
    public var markdownFile: String?
    /// The Markdown after the front matter, and the lines before it in the file.
    public var markdownBody: String
    public var bodyLineOffset: Int
    /// For a page whose body the build did not read (unchanged, `ReadStamps`): the `.md` file to
    /// read it from, once a finding needs it.
    public var markdownBodyFile: String?
    /// The body, read from `markdownBodyFile` when the build did not hold it.
    var markdown: String {
        markdownBodyFile.flatMap { SourceFile.text($0, after: bodyLineOffset) } ?? markdownBody
    }
    /// The body as rendered into the page: findings inside it belong to the Markdown.
    public var bodyHTML: String
    /// Where the body sits in the built page, when the build knows it without the body's HTML
    /// (a page it took unchanged from the last build): used when `bodyHTML` is empty.
    public var bodyLines: ClosedRange<Int>?
    /// The page's layout file (`themes/default/layouts/page.mustache`).
    public var templateFile: String?
    /// For generated files (alias redirects): every finding points at this line of the `.md`.
    public var fixedLine: Int?
    /// Lines of front matter keys (`title`, `description`) in the `.md`.
    public var frontMatterLines: [String: Int]
    /// The Markdown line of each heading of the body, by its id: a heading finding points there
    /// even when the built words differ from the written ones (`&amp;`, `<em>`, curly quotes).
    public var headingLines: [String: Int] = [:]
    /// Rules whose findings the build has already reported for this page in its own words
    /// (`meta-description` for a page without `description:`): not said twice.
    public var reportedByBuild: Set<String> = []

    public init(
        markdownFile: String?,
        markdownBody: String = "",
        bodyLineOffset: Int = 0,
        bodyHTML: String = "",
        templateFile: String?,
        fixedLine: Int? = nil,
        frontMatterLines: [String: Int] = [:]
    ) {
        self.frontMatterLines = frontMatterLines
        self.markdownFile = markdownFile
        self.markdownBody = markdownBody
        self.bodyLineOffset = bodyLineOffset
        self.bodyHTML = bodyHTML
        self.templateFile = templateFile
        self.fixedLine = fixedLine
    }
}
