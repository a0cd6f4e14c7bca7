import Foundation
import PortalDiagnostics
import PortalYAML

/// One language the site is published in, from `site.yml`.
public struct LanguageConfig: Sendable, Hashable {
    /// BCP 47 code, e.g. `en`, `es`.
    public var code: String
    /// The language's own name, e.g. "Español", for the language switch.
    public var name: String
    /// The site's title in this language.
    public var title: String
    public var description: String
    /// Everything written under the language in `site.yml` (crisis text, contact labels...).
    public var params: YAMLNode?
}

/// The site's settings, read from `site.yml`. Paths are absolute, resolved against the file's folder.
public struct SiteConfig: Sendable {
    public var file: String
    public var rootDirectory: URL
    /// Absolute base URL ending in `/`, e.g. `https://example.org/peer/`.
    public var baseURL: String
    public var languages: [LanguageConfig]
    public var theme: String
    public var themesDirectory: URL
    public var contentDirectory: URL
    public var dataDirectory: URL
    public var staticDirectory: URL
    public var outputDirectory: URL
    /// Where the request form posts, e.g. `https://intake.example.org`; empty when not set.
    public var intakeURL: String
    /// Raw HTML in Markdown is dropped unless the site allows it.
    public var allowRawHTML: Bool
    /// Typographic quotes and dashes in Markdown.
    public var smartPunctuation: Bool
    /// Referral entries verified longer ago than this many years are reported as stale.
    public var staleAfterYears: Int
    /// The severity the site chose for each rule (`check: rules:`), for the build and the check.
    public var rules = RuleSeverities()
    /// `permalinks:`, `taxonomies:` and `paginate:`, as Hugo reads them.
    public var hugo = HugoSettings()
    /// The whole file, for templates (`config.contact.phone` and the like).
    public var raw: YAMLNode

    public var defaultLanguage: LanguageConfig { languages[0] }

    public func language(_ code: String) -> LanguageConfig? {
        languages.first { $0.code == code }
    }

    /// The path part of the base URL, always starting and ending with `/` (`/peer/`).
    public var basePath: String {
        guard let components = URLComponents(string: baseURL) else { return "/" }
        var path = components.path
        if !path.hasPrefix("/") { path = "/" + path }
        if !path.hasSuffix("/") { path += "/" }
        return path
    }
}
