import Foundation
import PortalConfig
import PortalContent
import PortalDiagnostics
import PortalMarkdown
import PortalTheme

/// Steps 1 and 2 of the build, shared by `portal build` and `portal serve`: the settings and
/// theme, then the content read, placed and checked.
struct SiteModel {
    var config: SiteConfig
    var theme: Theme
    var content: ContentSite
    var aliases: [AliasPages.Alias]
    /// Named pages (`links.request`) as site paths, per language.
    var links: [String: [String: String]]
    var referrals: ReferralPages?
    var forms: FormPages
    /// Files of `static/` (source, site path), listed once: copied into the output, reachable by
    /// root-relative links, and taking the place of a generated file of the same name.
    var staticFiles: [(source: URL, path: String)] = []

    /// The link resolver for this content (`site.content` may be newer than when this was loaded).
    var linkResolver: LinkResolver { LinkResolver(content: content, staticFiles: Set(staticFiles.map(\.path))) }

    /// Step 1: `site.yml` with the command line's overrides, and the theme it names.
    static func settings(_ options: BuildOptions) throws(DiagnosticList) -> (config: SiteConfig, theme: Theme) {
        var config = try SiteConfigLoader.load(file: options.configFile, baseURLOverride: options.baseURLOverride)
        var theme = try ThemeLoader.load(
            name: config.theme,
            themesDirectory: config.themesDirectory,
            siteRoot: config.rootDirectory
        )
        theme.renderer = options.templateRenderer
        if let output = options.outputOverride { config.outputDirectory = output.standardizedFileURL }
        if let intake = options.intakeURLOverride { config.intakeURL = intake }
        return (config, theme)
    }

    /// Step 2: pages, front matter, URLs, sections, translations, data, and what pages ask for.
    static func load(
        config: SiteConfig,
        theme: Theme,
        options: BuildOptions,
        diagnostics: DiagnosticCollector,
        cache: ContentReadCache? = nil,
        frontMatter: FrontMatterMemo? = nil,
        lastRead: ReadStamps? = nil
    ) -> SiteModel {
        let timer = StepTimer()
        diagnostics.apply(config.rules)
        var content = ContentLoader.load(
            config: config,
            options: .init(
                includeDrafts: options.includeDrafts,
                includeExpired: options.includeExpired,
                today: options.today
            ),
            diagnostics: diagnostics,
            cache: cache,
            frontMatter: frontMatter,
            lastRead: lastRead
        )
        timer.lap("load/content")
        TaxonomyPages.add(to: &content, config: config, theme: theme, diagnostics: diagnostics)
        LayoutCheck.check(&content, theme: theme, diagnostics: diagnostics)
        // The search synonyms' mistakes stop the build here, with their lines.
        _ = SearchSynonyms.load(content, config: config, diagnostics: diagnostics)
        let listPages = ReservedAddresses.listPages(content, config: config)
        ReservedAddresses.check(content, listPages: listPages, config: config, diagnostics: diagnostics)
        defer { timer.lap("load/checks") }
        return SiteModel(
            config: config,
            theme: theme,
            content: content,
            aliases: AliasPages.collect(content, listPages: listPages, diagnostics: diagnostics),
            links: NamedLinks.resolve(config: config, content: content, diagnostics: diagnostics),
            referrals: ReferralPages.load(content, config: config, today: options.today, diagnostics: diagnostics),
            forms: FormPages.load(
                content,
                config: config,
                diagnostics: diagnostics,
                intakeOverridden: options.intakeURLOverride != nil,
                allowLocalIntake: options.allowLocalIntake
            ),
            staticFiles: PageOutput.staticFiles(config)
        )
    }

    var markdownOptions: MarkdownOptions {
        var options = MarkdownOptions(smartPunctuation: config.smartPunctuation, allowRawHTML: config.allowRawHTML)
        // The theme's words for callouts (callout_note...), falling back to the default language.
        for language in config.languages.map(\.code) {
            var labels: [String: String] = [:]
            for kind in Callouts.kinds {
                let key = "callout_\(kind)"
                if let label = theme.strings[language]?[key]?.text
                    ?? theme.strings[config.defaultLanguage.code]?[key]?.text
                {
                    labels[kind] = label
                }
            }
            options.calloutLabels[language] = labels
        }
        return options
    }

    func templates(bodies: [RenderedBody], assets: [PublishedAsset]) -> TemplateContext {
        TemplateContext(
            config: config,
            content: content,
            bodies: bodies,
            assets: assets,
            theme: theme,
            links: links,
            referrals: referrals
        )
    }
}

extension SiteModel {
    /// Errors after which not even the staging folder can be written soundly: two pages
    /// written to one address would race. Every other error lets the build go on and find more.
    func cannotBeWritten(_ diagnostics: DiagnosticCollector) -> Bool {
        diagnostics.hasErrors && diagnostics.all.contains { $0.severity == .error && $0.rule == "duplicate-url" }
    }
}
