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
        /// The last good build's own findings (warnings, or errors of rules it goes on past).
        public var buildFindings: [Diagnostic] = []
        /// The build's and the read-back check's findings (`checkServed`), for the pages to show.
        public var findings = PreviewFindings()
    }

    /// What one rebuild did.
    public struct Update: Sendable {
        /// Site paths whose bytes changed, appeared or went away.
        public var changedPaths: [String] = []
        /// The changed source files (absolute paths) that were taken into account.
        public var sources: [String] = []
        public var renderedPages = 0
        public var totalPages = 0
        public var diagnostics: [Diagnostic] = []
        public var failed: Bool { diagnostics.contains { $0.severity == .error } }
        /// The error state began or ended: every open page must reload.
        public var everything = false
        public var seconds = 0.0
    }

    /// What the last good render was made from.
    struct Rendered {
        var site: SiteModel
        var bodies: [RenderedBody]
        /// Problems found while reading and placing the content (warnings, since it built).
        var loadDiagnostics: [Diagnostic]
        var plan: RenderPlan.Snapshot
        var bodyVersions: [String: Int]
        var assets: [PublishedAsset]
        /// Output paths per page source, and of the files that belong to no page.
        var pageOutputs: [String: [String]]
        var siteOutputs: [String]
    }

    let options: BuildOptions
    let cache = ContentReadCache()
    let memo = BodyMemo()
    private let lock = NSLock()
    private var current = Snapshot()
    var settings: (config: SiteConfig, theme: Theme)?
    /// The last settings read, to tell what a changed path is even while they are broken.
    var knownConfig: SiteConfig?
    /// The theme folders last read, for the same reason.
    var knownTheme: [URL]?
    var rendered: Rendered?
    /// Changes not yet shown because a rebuild failed since.
    var pendingEverything = true
    var pendingLayouts: Set<String> = []
    var changedCopies: Set<String> = []
    /// A rebuild failed since the last good one: what it read and rendered was never shown, so
    /// the next one goes the whole way rather than the shorter way for edited bodies.
    var failedSince = false
    private var form: FormDefinition?
    /// The read-back check of what is served (`checkServed`).
    let preview = PreviewCheck()

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

    /// The folders to watch: content, data, static, and the theme with its parents (not every
    /// theme in the themes folder, which may hold much else). The config file is watched apart.
    public func watchedFolders() -> [URL] {
        guard let config = knownConfig else { return [] }
        return [config.contentDirectory, config.dataDirectory, config.staticDirectory] + themeFolders(config)
    }

    /// The theme in use and its parents; while the theme cannot be read, the folder it names.
    private func themeFolders(_ config: SiteConfig) -> [URL] {
        settings?.theme.chain ?? knownTheme ?? [config.themesDirectory.appendingPathComponent(config.theme)]
    }

    /// Builds the site, or brings it up to date after `changes` (nil: read everything again).
    /// Call from one thread at a time.
    public func rebuild(_ changes: SourceChanges? = nil) -> Update {
        let started = Date()
        let (editedPages, sources) = record(changes)
        var update: Update
        if let editedPages, let previous = rendered, !failedSince, !pendingEverything, pendingLayouts.isEmpty,
            settings != nil,
            let fast = rebuildBodies(editedPages, previous: previous)
        {
            update = fast
        } else {
            update = rebuildSite()
        }
        update.sources = sources
        update.seconds = Date().timeIntervalSince(started)
        return update
    }

    /// Makes the new files current: the rendered pages' files replace theirs, the files of pages
    /// that are gone go, and the update lists every path whose bytes changed.
    func commit(
        pages rendered: [(source: String, files: [PageOutput.File])],
        siteFiles: [PageOutput.File]?,
        state: Rendered,
        copies: [String: URL],
        diagnostics: [Diagnostic],
        update: inout Update
    ) {
        var files = current.files
        var pageOutputs = state.pageOutputs
        let live = Set(state.site.content.pages.map(\.sourcePath))
        var replaced =
            siteFiles == nil ? [] : (self.rendered?.siteOutputs ?? []) + (self.rendered?.assets.map(\.output) ?? [])
        for (source, paths) in pageOutputs where !live.contains(source) {
            replaced += paths
            pageOutputs[source] = nil
        }
        for (source, _) in rendered { replaced += pageOutputs[source] ?? [] }
        // Files taken out, to compare with what replaces them; those not replaced went away.
        var old: [String: Data] = [:]
        for path in replaced { old[path] = files.removeValue(forKey: path) }
        var written = siteFiles ?? []
        for (source, filesOfPage) in rendered {
            pageOutputs[source] = filesOfPage.map(\.path)
            written += filesOfPage
        }
        if siteFiles != nil {
            written += state.assets.compactMap { asset in
                asset.contents.map { PageOutput.File(path: asset.output, data: $0) }
            }
        }
        var changed: Set<String> = []
        for file in written {
            if (old.removeValue(forKey: file.path) ?? files[file.path]) != file.data { changed.insert(file.path) }
            files[file.path] = file.data
        }
        changed.formUnion(old.keys)
        for (path, source) in copies where current.copies[path] != source || changedCopies.contains(source.path) {
            changed.insert(path)
        }
        for path in current.copies.keys where copies[path] == nil { changed.insert(path) }

        var state = state
        state.pageOutputs = pageOutputs
        if let siteFiles { state.siteOutputs = siteFiles.map(\.path) }
        self.rendered = state
        pendingEverything = false
        pendingLayouts = []
        changedCopies = []
        failedSince = false
        update.diagnostics = diagnostics
        update.changedPaths = changed.sorted()
        update.renderedPages = rendered.count
        update.totalPages = state.site.content.pages.count
        lock.lock()
        form = state.site.forms.forms.min { $0.key < $1.key }?.value
        update.everything = !current.errors.isEmpty
        current.files = files
        current.copies = copies
        current.errors = []
        current.buildFindings = diagnostics
        current.basePath = state.site.config.basePath
        current.generation += 1
        lock.unlock()
    }

    /// Notes what the changes mean before anything is read again. Returns the edited pages
    /// (paths below the content folder) when nothing but pages changed and no file came or went.
    /// Also returns the changed paths that matter: an editor's or a tool's temporary file, made
    /// and renamed away within the batch, does not.
    private func record(_ changes: SourceChanges?) -> (editedPages: [String]?, sources: [String]) {
        guard let changes, !changes.overflow, let config = knownConfig else {
            cache.invalidateAll()
            settings = nil
            pendingEverything = true
            return (nil, changes?.paths.sorted() ?? [])
        }
        var editedPages: [String]? = []
        let listingChanged = cache.invalidate(changes.paths, structural: changes.structural)
        if listingChanged { editedPages = nil }
        let contentFolder = config.contentDirectory.standardizedFileURL.path + "/"
        // A temporary file in the content folder, made and renamed away within the batch, is no
        // change; anything gone elsewhere (a data file, a template, a static file) is.
        let sources = changes.paths.filter {
            listingChanged || !$0.hasPrefix(contentFolder) || FileManager.default.fileExists(atPath: $0)
        }
        for path in sources {
            switch ChangeKind(
                path: path,
                configFile: options.configFile,
                themes: themeFolders(config),
                content: config.contentDirectory,
                data: config.dataDirectory,
                statics: config.staticDirectory
            )
            {
            case .config:
                cache.invalidateAll()
                settings = nil
                pendingEverything = true
                editedPages = nil
            case .theme:
                settings = nil
                editedPages = nil
            case .data:
                pendingEverything = true
                editedPages = nil
            case .file:
                changedCopies.insert(path)
                editedPages = nil
            case .page:
                editedPages?.append(String(path.dropFirst(contentFolder.count)))
            case .unrelated:
                break
            }
        }
        return (editedPages?.sorted(), sources.sorted())
    }

    /// A theme read again: only changed templates need their pages rendered again; anything
    /// else in a theme (strings, assets, parents) can show on every page.
    func noteThemeChanges(_ theme: Theme) {
        guard let before = rendered?.site.theme else { return }
        guard before.chain == theme.chain, before.strings == theme.strings, before.assets == theme.assets,
            before.templateFiles == theme.templateFiles
        else {
            pendingEverything = true
            return
        }
        for (name, text) in theme.templateTexts where before.templateTexts[name] != text { pendingLayouts.insert(name) }
    }

    func publishFailure(_ diagnostics: [Diagnostic], update: inout Update) {
        failedSince = true
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

    /// Makes the check's findings current. Returns whether the site's totals changed (every page
    /// shows them) and the pages whose own findings changed.
    func publish(_ findings: PreviewFindings) -> (all: Bool, paths: [String]) {
        lock.lock()
        defer { lock.unlock() }
        let before = current.findings
        current.findings = findings
        let all = before.errors != findings.errors || before.warnings != findings.warnings
        let pages = Set(before.byPage.keys).union(findings.byPage.keys)
        return (all, pages.filter { before.byPage[$0] != findings.byPage[$0] }.sorted())
    }

    /// Files served as they are: theme assets not rewritten, files beside pages, `static/`.
    static func copies(
        assets: [PublishedAsset],
        content: ContentSite,
        config: SiteConfig,
        staticFiles: [(source: URL, path: String)]
    ) -> [String: URL] {
        var copies: [String: URL] = [:]
        for asset in assets where asset.contents == nil { copies[asset.output] = asset.source }
        for path in content.assetFiles { copies[path] = config.contentDirectory.appendingPathComponent(path) }
        for (source, path) in staticFiles { copies[path] = source }
        return copies
    }
}
