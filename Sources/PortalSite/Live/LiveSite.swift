import Foundation
import PortalConfig
import PortalContent
import PortalDiagnostics
import PortalForms
import PortalMarkdown
import PortalSupport
import PortalTheme

/// The site as `portal serve` keeps it: built once into memory, then rebuilt after each change
/// by the same steps as `portal build`, reusing what the change cannot have affected (files
/// read, bodies rendered, pages whose template data are unchanged). The files equal those of a
/// full build with the same options; `LiveSiteTests` holds it to that.
public final class LiveSite: @unchecked Sendable {
    /// What is served now. After a failed rebuild, `errors` says why and `files` are the last good ones.
    public struct Snapshot: Sendable {
        /// Site path (`self-care/boundaries/index.html`) to bytes.
        public var files: [String: Data] = [:]
        /// Site path to a file on disk served as it is (theme assets, files beside pages, `static/`).
        public var copies: [String: URL] = [:]
        public var errors: [Diagnostic] = []
        public var basePath = "/"
        /// Counts successful and failed rebuilds alike.
        public var generation = 0
    }

    /// What one rebuild did.
    public struct Update: Sendable {
        /// Site paths whose bytes changed, appeared or went away.
        public var changedPaths: [String] = []
        public var renderedPages = 0
        public var totalPages = 0
        public var diagnostics: [Diagnostic] = []
        public var failed: Bool { diagnostics.contains { $0.severity == .error } }
        /// The error state began or ended: every open page must reload.
        public var everything = false
        public var seconds = 0.0
    }

    /// What the last good render was made from.
    private struct Rendered {
        var plan: RenderPlan.Snapshot
        var bodyVersions: [String: Int]
        var assets: [String]
        var links: [String: [String: String]]
        var theme: Theme
        /// Output paths per page source, and of the files that belong to no page.
        var pageOutputs: [String: [String]]
        var siteOutputs: [String]
    }

    private let options: BuildOptions
    private let cache = ContentReadCache()
    private let memo = BodyMemo()
    private let lock = NSLock()
    private var current = Snapshot()
    private var settings: (config: SiteConfig, theme: Theme)?
    /// The last settings read, to tell what a changed path is even while they are broken.
    private var knownConfig: SiteConfig?
    private var rendered: Rendered?
    /// Changes not yet shown because a rebuild failed since.
    private var pendingEverything = true
    private var pendingLayouts: Set<String> = []
    private var changedCopies: Set<String> = []
    private var form: FormDefinition?

    public init(options: BuildOptions) {
        self.options = options
    }

    public func snapshot() -> Snapshot {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    /// The request form of the last good build (the first form page's), for the intake service.
    public func requestForm() -> FormDefinition? {
        lock.lock()
        defer { lock.unlock() }
        return form
    }

    /// The folders and files to watch: content, data, static, themes, and the config file.
    public func watchedFolders() -> [URL] {
        guard let config = knownConfig else { return [options.configFile.deletingLastPathComponent()] }
        return [config.contentDirectory, config.dataDirectory, config.staticDirectory, config.themesDirectory]
    }

    /// Builds the site, or brings it up to date after `changes` (nil: read everything again).
    /// Call from one thread at a time.
    public func rebuild(_ changes: SourceChanges? = nil) -> Update {
        let started = Date()
        var update = Update()
        record(changes)
        let diagnostics = DiagnosticCollector()
        func failed() -> Update {
            update.diagnostics = diagnostics.all
            publishFailure(update.diagnostics, update: &update)
            update.seconds = Date().timeIntervalSince(started)
            return update
        }

        // 1. Settings and theme, read again only when they changed.
        if settings == nil {
            do {
                let loaded = try SiteModel.settings(options)
                settings = loaded
                knownConfig = loaded.config
                noteThemeChanges(loaded.theme)
            } catch {
                diagnostics.report(contentsOf: error.diagnostics)
                return failed()
            }
        }
        guard let (config, theme) = settings else { return failed() }

        // 2. Content, rereading only the files that changed.
        let site = SiteModel.load(config: config, theme: theme, options: options, diagnostics: diagnostics, cache: cache)
        let content = site.content
        update.totalPages = content.pages.count
        if diagnostics.hasErrors { return failed() }
        memo.keep(only: Set(content.pages.map(\.sourcePath)))

        // 3. Bodies: reused when their Markdown and links are as before.
        let bodies = BodyRendering.render(
            content, resolver: LinkResolver(content: content), options: site.markdownOptions, memo: memo, progress: {})
        for body in bodies { diagnostics.report(contentsOf: body.problems) }
        diagnostics.report(contentsOf: BodyRendering.checkAnchors(bodies, content: content))
        if diagnostics.hasErrors || options.strict && !diagnostics.all.isEmpty { return failed() }

        // 4. Templates, for the pages whose data changed.
        let assets = AssetPipeline.publish(theme)
        let plan = RenderPlan.snapshot(content)
        let versions = memo.versions()
        var indices: [Int]
        if let rendered, !pendingEverything, rendered.assets == assets.map(\.output), rendered.links == site.links {
            let changedBodies = Set(versions.compactMap { rendered.bodyVersions[$0.key] == $0.value ? nil : $0.key })
            indices = RenderPlan.pagesToRender(
                previous: rendered.plan, current: plan, content: content, changedBodies: changedBodies,
                changedLayouts: theme.templates(affectedBy: pendingLayouts))
        } else {
            indices = Array(content.pages.indices)
        }
        let templates = UncheckedBox(site.templates(bodies: bodies, assets: assets))
        let pageFiles = indices.parallelMap { index in
            PageOutput.pageFiles(content.pages[index], theme: theme, templates: templates.value, forms: site.forms)
        }
        let siteFiles = PageOutput.siteFiles(
            content: content, theme: theme, templates: templates.value, aliases: site.aliases, config: config)
        update.renderedPages = indices.count

        // 5. The new set of files, and which of them changed.
        var files = current.files
        var pageOutputs = rendered?.pageOutputs ?? [:]
        let live = Set(content.pages.map(\.sourcePath))
        var replaced = (rendered?.siteOutputs ?? []) + (rendered?.assets ?? [])
        for (source, paths) in pageOutputs where !live.contains(source) {
            replaced += paths
            pageOutputs[source] = nil
        }
        for index in indices { replaced += pageOutputs[content.pages[index].sourcePath] ?? [] }
        // Files taken out, to compare with what replaces them; those not replaced went away.
        var old: [String: Data] = [:]
        for path in replaced { old[path] = files.removeValue(forKey: path) }
        var written = siteFiles
        for (index, filesOfPage) in zip(indices, pageFiles) {
            pageOutputs[content.pages[index].sourcePath] = filesOfPage.map(\.path)
            written += filesOfPage
        }
        written += assets.compactMap { asset in asset.contents.map { PageOutput.File(path: asset.output, data: $0) } }
        var changed: Set<String> = []
        for file in written {
            if (old.removeValue(forKey: file.path) ?? files[file.path]) != file.data { changed.insert(file.path) }
            files[file.path] = file.data
        }
        changed.formUnion(old.keys)
        let copies = Self.copies(assets: assets, content: content, config: config)
        for (path, source) in copies where current.copies[path] != source || changedCopies.contains(source.path) {
            changed.insert(path)
        }
        for path in current.copies.keys where copies[path] == nil { changed.insert(path) }

        rendered = Rendered(
            plan: plan, bodyVersions: versions, assets: assets.map(\.output), links: site.links, theme: theme,
            pageOutputs: pageOutputs, siteOutputs: siteFiles.map(\.path))
        pendingEverything = false
        pendingLayouts = []
        changedCopies = []
        update.diagnostics = diagnostics.all
        update.changedPaths = changed.sorted()
        lock.lock()
        form = site.forms.forms.min { $0.key < $1.key }?.value
        update.everything = !current.errors.isEmpty
        current.files = files
        current.copies = copies
        current.errors = []
        current.basePath = config.basePath
        current.generation += 1
        lock.unlock()
        update.seconds = Date().timeIntervalSince(started)
        return update
    }

    /// Notes what the changes mean before anything is read again.
    private func record(_ changes: SourceChanges?) {
        guard let changes, !changes.overflow, let config = knownConfig else {
            cache.invalidateAll()
            settings = nil
            pendingEverything = true
            return
        }
        cache.invalidate(changes.paths, structural: changes.structural)
        for path in changes.paths {
            switch ChangeKind(
                path: path, configFile: options.configFile, themes: config.themesDirectory,
                content: config.contentDirectory, data: config.dataDirectory, statics: config.staticDirectory)
            {
            case .config:
                cache.invalidateAll()
                settings = nil
                pendingEverything = true
            case .theme:
                settings = nil
            case .data:
                pendingEverything = true
            case .file:
                changedCopies.insert(path)
            case .page, .unrelated:
                break
            }
        }
    }

    /// A theme read again: only changed templates need their pages rendered again; anything
    /// else in a theme (strings, assets, parents) can show on every page.
    private func noteThemeChanges(_ theme: Theme) {
        guard let before = rendered?.theme else { return }
        guard before.chain == theme.chain, before.strings == theme.strings, before.assets == theme.assets,
            before.templateFiles == theme.templateFiles
        else {
            pendingEverything = true
            return
        }
        for (name, text) in theme.templateTexts where before.templateTexts[name] != text { pendingLayouts.insert(name) }
    }

    private func publishFailure(_ diagnostics: [Diagnostic], update: inout Update) {
        lock.lock()
        // The error page replaces every page, and its text may have changed.
        update.everything = true
        update.changedPaths = []
        current.errors = diagnostics.filter { $0.severity == .error }
        if current.errors.isEmpty {
            // --strict: warnings fail too.
            current.errors = diagnostics
        }
        current.generation += 1
        lock.unlock()
    }

    /// Files served as they are: theme assets not rewritten, files beside pages, `static/`.
    private static func copies(assets: [PublishedAsset], content: ContentSite, config: SiteConfig) -> [String: URL] {
        var copies: [String: URL] = [:]
        for asset in assets where asset.contents == nil { copies[asset.output] = asset.source }
        for path in content.assetFiles { copies[path] = config.contentDirectory.appendingPathComponent(path) }
        for (source, path) in PageOutput.staticFiles(config) { copies[path] = source }
        return copies
    }
}
