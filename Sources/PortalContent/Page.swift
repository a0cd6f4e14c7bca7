import PortalDiagnostics
import PortalSupport
import PortalYAML

/// What a page is for: the home page, a section's list page, or an ordinary page.
public enum PageKind: String, Sendable {
    case home
    case section
    case page
    /// A taxonomy's list of terms (`/topics/`), made by the build, not read from a file.
    case taxonomy
    /// One term's list of pages (`/topics/self-care/`), made by the build.
    case term
}

/// One Markdown file of the site, read and placed at its URL.
public struct Page: Sendable {
    /// Position in `ContentSite.pages`; stable for a given input.
    public var index: Int
    /// Path below the content folder, e.g. `self-care/boundaries.es.md`.
    public var sourcePath: String
    /// Path to show in messages, e.g. `content/self-care/boundaries.es.md`.
    public var displayPath: String
    /// The content folder holding the file, `self-care` (empty at the top).
    public var directory: String
    /// The file name without language and extension: `boundaries`, or `_index`.
    public var baseName: String
    public var language: String
    public var kind: PageKind
    public var frontMatter: FrontMatter
    /// The Markdown after the front matter.
    public var body: String
    /// Lines before `body` in the file, so that Markdown line numbers map back to the file.
    public var bodyLineOffset: Int
    /// Site path of the page, without a leading slash: `es/autocuidado/limites/` (home: `` or `es/`).
    public var url: String = ""
    /// Pages that are translations of each other share this key (`self-care/boundaries`).
    public var translationKey: String {
        directory.isEmpty ? baseName : directory + "/" + baseName
    }
    /// The section page this page belongs to (same language), if any.
    public var parentSection: Int?
    /// For sections: their pages and subsections, in reading order (weight, then title).
    public var children: [Int] = []
    /// Other languages' versions of this page, by language code.
    public var translations: [String: Int] = [:]
    /// Set when the build did not read the body (the file is as the last build read it,
    /// `ReadStamps`): `body` is empty, and `markdown` reads it from this file.
    public var bodyFile: String?

    /// The Markdown after the front matter, read now for a page whose body was not read; nil
    /// when that file can no longer be read (removed during the build).
    public var markdown: String? {
        guard let bodyFile else { return body }
        return SourceFile.text(bodyFile, after: bodyLineOffset)
    }

    public init(
        index: Int,
        sourcePath: String,
        displayPath: String,
        directory: String,
        baseName: String,
        language: String,
        kind: PageKind,
        frontMatter: FrontMatter,
        body: String,
        bodyLineOffset: Int
    ) {
        self.index = index
        self.sourcePath = sourcePath
        self.displayPath = displayPath
        self.directory = directory
        self.baseName = baseName
        self.language = language
        self.kind = kind
        self.frontMatter = frontMatter
        self.body = body
        self.bodyLineOffset = bodyLineOffset
    }

    public var isSectionIndex: Bool { baseName == "_index" && !isGenerated }
    /// Taxonomy and term pages have no Markdown file of their own.
    public var isGenerated: Bool { kind == .taxonomy || kind == .term }
}
