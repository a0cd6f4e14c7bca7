import Foundation
import PortalCheck
import PortalConfig
import PortalContent
import PortalDiagnostics
import PortalTheme
import PortalYAML

/// The build's side of `portal check`: tells the checker where each built file came from, and
/// adds what only the site model knows (missing translations, stale referral entries).
public enum SiteCheck {
    /// What the check takes from the site model: where each built file came from, and the
    /// missing translations. Made from the pages and bodies alone, so `portal build` makes it on
    /// a thread beside the templates step; on one thread after it, it took 1 s of a 120,000-page build.
    struct SiteSources: Sendable {
        var sources: SourceMap
        var missingTranslations: [Diagnostic]
    }

    static func sources(
        content: ContentSite,
        bodies: [RenderedBody],
        theme: Theme,
        aliases: [AliasPages.Alias],
        config: SiteConfig
    ) -> SiteSources {
        SiteSources(
            sources: sourceMap(content: content, bodies: bodies, theme: theme, aliases: aliases, config: config),
            missingTranslations: missingTranslations(content, config: config)
        )
    }

    /// Checks the freshly written site (the staging folder, before it is swapped in).
    static func run(
        folder: URL,
        site: SiteSources,
        config: SiteConfig,
        cacheFile: URL?,
        files: [String]? = nil,
        stamps: [String: String] = [:],
        linkProblems: [Diagnostic] = []
    ) -> CheckReport {
        var options = CheckOptions(
            baseURL: config.baseURL,
            displayPrefix: config.outputDirectory.lastPathComponent + "/",
            sources: site.sources,
            extraFindings: site.missingTranslations.map(CheckFinding.init),
            cacheFile: cacheFile
        )
        options.rules = config.rules
        options.files = files
        options.stamps = stamps
        var report = SiteChecker.check(folder: folder, options: options)
        // A link the build already reported (`broken-link`, `broken-anchor`, whatever the site
        // made of them) is in the built page too, since the build goes on: not said again.
        let reported = Set(
            linkProblems.filter { $0.rule == "broken-link" || $0.rule == "broken-anchor" }.map {
                "\($0.file):\($0.line)"
            }
        )
        if !reported.isEmpty {
            report.diagnostics.removeAll {
                ($0.rule == "link-target" || $0.rule == "link-fragment") && reported.contains("\($0.file):\($0.line)")
            }
        }
        return report
    }

    /// Where `portal build` and `portal check` keep each page's check results between runs.
    public static func cacheFile(_ siteFolder: URL) -> URL {
        siteFolder.appendingPathComponent(".cache/check-pages.bin")
    }

    /// Built file to the `.md` and layout it was made from.
    static func sourceMap(
        content: ContentSite,
        bodies: [RenderedBody],
        theme: Theme,
        aliases: [AliasPages.Alias],
        config: SiteConfig
    ) -> SourceMap {
        var pages: [String: PageSource] = [:]
        for page in content.pages {
            var lines: [String: Int] = [:]
            for key in ["title", "description"] { lines[key] = page.frontMatter.raw?[key]?.line }
            var source = PageSource(
                markdownFile: page.displayPath,
                markdownBody: page.body,
                bodyLineOffset: page.bodyLineOffset,
                bodyHTML: bodies[page.index].html,
                templateFile: theme.templateFiles[LayoutCheck.layoutName(for: page)],
                frontMatterLines: lines
            )
            // A body taken from the last build has no HTML here; where it sits was kept instead.
            if let known = bodies[page.index].restored?.bodyLines, !bodies[page.index].hasHTML {
                source.bodyLines = known
            }
            source.markdownBodyFile = page.bodyFile
            source.reportedByBuild = reportedByBuild(page)
            if page.isGenerated { source = PageSource(markdownFile: nil, templateFile: source.templateFile) }
            for heading in bodies[page.index].headings { source.headingLines[heading.id] = heading.line }
            pages[page.url + "index.html"] = source
            // A long list's pages 2.. come from the same file (`page/1/` redirects, as an alias).
            for location in Pagination.extraLocations(page, config: config) {
                pages[location + "index.html"] =
                    location.hasSuffix("/page/1/") || location == "page/1/"
                    ? PageSource(
                        markdownFile: page.isGenerated ? nil : page.displayPath,
                        templateFile: nil,
                        fixedLine: 1
                    )
                    : source
            }
        }
        for language in config.languages {
            guard let home = content.home(language: language.code) else { continue }
            var source = PageSource(markdownFile: nil, templateFile: theme.templateFiles["404"])
            // A 404 page shows its home page's description.
            source.reportedByBuild = reportedByBuild(home)
            pages[home.url + "404.html"] = source
        }
        for alias in aliases {
            let target = content.pages[alias.target]
            let line = target.frontMatter.aliases.first { $0.path == alias.path }?.line ?? 1
            pages[alias.path + "index.html"] = PageSource(
                markdownFile: target.displayPath,
                templateFile: nil,
                fixedLine: line
            )
        }
        let templates = theme.templateFiles.values.sorted().compactMap { path -> (path: String, text: String)? in
            let url =
                path.hasPrefix("/") ? URL(fileURLWithPath: path) : config.rootDirectory.appendingPathComponent(path)
            return (try? String(contentsOf: url, encoding: .utf8)).map { (path, $0) }
        }
        return SourceMap(pages: pages, templates: templates)
    }

    /// The build warns about a page without `description:` itself (`missing-description`), and
    /// reports a page without a usable `title:` (`front-matter`): the empty title and heading
    /// that follow in the built page are not said again.
    private static func reportedByBuild(_ page: Page) -> Set<String> {
        var rules: Set<String> = page.frontMatter.description.isEmpty ? ["meta-description"] : []
        if page.frontMatter.title.isEmpty { rules.formUnion(["title", "title-unique", "heading-empty", "h1-count"]) }
        return rules
    }

    /// `missing-translation`: a reader who switches language should find the same page.
    static func missingTranslations(_ content: ContentSite, config: SiteConfig) -> [Diagnostic] {
        let defaultLanguage = config.defaultLanguage.code
        let languages = config.languages.count
        // Pages with every translation are passed over without being copied (a page is a large value).
        let untranslated = content.pages.indices.filter {
            !content.pages[$0].isGenerated && content.pages[$0].translations.count < languages - 1
        }
        return untranslated.map { content.pages[$0] }.flatMap { page -> [Diagnostic] in
            config.languages.filter { $0.code != page.language && page.translations[$0.code] == nil }.map { language in
                let suffix = language.code == defaultLanguage ? "" : "." + language.code
                let folder = page.directory.isEmpty ? "" : page.directory + "/"
                let expected = config.contentDirectory.lastPathComponent + "/" + folder + page.baseName + suffix + ".md"
                return .warning(
                    page.displayPath,
                    line: 1,
                    column: 1,
                    rule: "missing-translation",
                    "the page has no \(language.name) translation (\(expected))",
                    hint:
                        "translate it into \(expected); until then the language switch leads to the nearest translated section"
                )
            }
        }
    }

    /// For `portal check` inside a site folder: the site's address and its content data
    /// warnings (missing translations, stale referral entries), without building it.
    public static func contentFindings(
        configFile: URL,
        today: YAMLDate = .today()
    ) throws(BuildFailure) -> (
        baseURL: String, outputDirectory: URL, findings: [CheckFinding], rules: RuleSeverities
    ) {
        let diagnostics = DiagnosticCollector()
        let config: SiteConfig
        do {
            config = try SiteConfigLoader.load(file: configFile, baseURLOverride: nil)
        } catch {
            throw BuildFailure(diagnostics: error.diagnostics)
        }
        let content = ContentLoader.load(config: config, options: .init(includeDrafts: false), diagnostics: diagnostics)
        _ = ReferralPages.load(content, config: config, today: today, diagnostics: diagnostics)
        let stale = diagnostics.all.filter { $0.rule == "stale-referral" }
        let findings = (stale + missingTranslations(content, config: config)).map(CheckFinding.init)
        return (config.baseURL, config.outputDirectory, findings, config.rules)
    }
}
