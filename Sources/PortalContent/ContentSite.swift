import Foundation
import PortalYAML

/// Everything under `content/` (and the data folder), read and placed: the input of rendering.
public struct ContentSite: Sendable {
    public var pages: [Page]
    /// Files beside the pages (images, PDFs...), as paths below the content folder.
    public var assetFiles: [String]
    /// YAML data files by name: `referrals` for `data/referrals.yml`, `request-form` for
    /// `content/request-form.yml`.
    public var data: [String: DataFile]

    /// Page index by source path below the content folder (`self-care/boundaries.md`).
    public var pageBySource: [String: Int]
    /// Page index by site path (`self-care/boundaries/`).
    public var pageByURL: [String: Int]
    /// Source paths of pages left out as drafts, so a link to one can say so.
    public var draftSources: Set<String>
    /// Source paths of pages left out because their `expirydate` has passed.
    public var expiredSources: Set<String> = []
    /// Each language's home page, indexed once: templates ask for it several times per page, and
    /// a scan per ask made a two-language build grow with the square of its pages.
    public var homeByLanguage: [String: Int] = [:]
    /// The stamp of each Markdown file as this build read it, for the next build.
    public var readStamps = ReadStamps()

    public func home(language: String) -> Page? {
        homeByLanguage[language].map { pages[$0] }
    }

    /// Pages of one language, in a stable order (by source path).
    public func pages(language: String) -> [Page] {
        pages.filter { $0.language == language }
    }
}

/// A YAML data file and where it came from, for messages.
public struct DataFile: Sendable {
    public var displayPath: String
    public var root: YAMLNode
}
