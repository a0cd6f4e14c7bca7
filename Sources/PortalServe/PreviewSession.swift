import Foundation
import PortalDiagnostics
import PortalSite
import PortalSupport
import PortalWatch
import Synchronization

/// Keeps the live site up to date: builds it, watches its sources, rebuilds after each batch
/// of changes, says so on the terminal and tells the open tabs which pages changed.
final class PreviewSession: @unchecked Sendable {
    let live: LiveSite
    let broadcaster = ReloadBroadcaster()
    private let configFile: URL
    private let siteRoot: URL
    private let log: @Sendable (String) -> Void
    private let watcherLock = NSLock()
    private var watcher: FileWatcher?
    private var watched: [URL] = []

    init(options: BuildOptions, log: @escaping @Sendable (String) -> Void) {
        live = LiveSite(options: options)
        configFile = options.configFile.standardizedFileURL
        siteRoot = configFile.deletingLastPathComponent()
        self.log = log
    }

    private let rebuildLock = NSLock()
    /// The read-back checks, one at a time, beside the rebuilds (`LiveSite.runCheck`).
    private let checkQueue = DispatchQueue(label: "portal.serve.check")
    /// The generation of the newest check asked for: an older one waiting is skipped.
    private let latestCheck = Mutex(0)

    /// The first build, then watching. Returns the first build's update.
    func start() throws -> LiveSite.Update {
        let update = live.rebuild()
        report(update, changes: nil)
        _ = checkServed()
        try watchWhatTheSiteUses()
        return update
    }

    /// The read-back check of what is now served, as `portal build` runs it; says on the terminal
    /// when the site's totals changed. Returns what `live.checkServed` returns.
    private func checkServed() -> (all: Bool, paths: [String]) {
        checkQueue.sync { announce(live.checkServed()) }
    }

    /// Says on the terminal when the site's totals changed; returns what it was given.
    private func announce(_ changed: (all: Bool, paths: [String])) -> (all: Bool, paths: [String]) {
        if changed.all {
            let findings = live.snapshot().findings
            let base = live.snapshot().basePath
            log(
                "Checked: \(findings.errors) error\(findings.errors == 1 ? "" : "s"), \(findings.warnings) warning\(findings.warnings == 1 ? "" : "s") (each page shows its own; all at \(base)\(FindingsPanel.listPath))"
            )
        }
        return changed
    }

    func stop() {
        watcherLock.lock()
        let current = watcher
        watcher = nil
        watcherLock.unlock()
        current?.stop()
        broadcaster.finishAll()
    }

    /// (Re)starts the watcher when the folders to watch changed: at first, and after a change
    /// of settings or theme (site.yml fixed, another theme or content folder named).
    /// A folder that does not exist yet (no `data/` or `static/` at first) is watched for through
    /// its parent, like site.yml, so that creating it brings it into the watch.
    private func watchWhatTheSiteUses() throws {
        let wanted = live.watchedFolders()
        let folders = wanted.filter { FileTree.isDirectory($0) }
        let missing = wanted.filter {
            !FileTree.isDirectory($0) && FileTree.isDirectory($0.deletingLastPathComponent())
        }
        watcherLock.lock()
        defer { watcherLock.unlock() }
        guard watcher == nil || folders != watched else { return }
        watcher?.stop()  // from its own callback: returns at once, delivers nothing more
        watcher = try FileWatcher(folders: folders, files: [configFile] + missing) { [weak self] batch in
            self?.rebuild(batch)
        }
        watched = folders
    }

    /// Runs on the watcher's thread: one rebuild at a time, and changes made meanwhile wait
    /// for the next batch.
    private func rebuild(_ batch: ChangeBatch) {
        // A watcher restarted below (another theme, a new static/ folder) delivers on its own
        // thread: its first batch waits until this rebuild and its check are done, since
        // LiveSite and its PreviewCheck take one rebuild at a time.
        rebuildLock.lock()
        defer { rebuildLock.unlock() }
        let changes = SourceChanges(paths: batch.paths, structural: batch.structural, overflow: batch.overflow)
        let update = live.rebuild(changes)
        // Only temporary files came and went: nothing to say.
        if update.sources.isEmpty && update.changedPaths.isEmpty && !update.failed && !update.everything { return }
        let generation = live.snapshot().generation
        report(update, changes: changes)
        do {
            try watchWhatTheSiteUses()
        } catch {
            log("warning: the preview cannot watch the site's folders any more (\(error)); restart it")
        }
        let paths = update.changedPaths.flatMap { Self.urlPaths(of: $0, basePath: live.snapshot().basePath) }
        broadcaster.send(
            event: "reload",
            data: ReloadEvent(
                generation: generation,
                all: update.everything || Self.needsFullReload(update.changedPaths),
                paths: paths
            ).json
        )
        // Then the read-back check, on its own queue: the next edit is rebuilt meanwhile (at
        // 10,000 pages the check takes longer than the rebuild). Tabs whose findings changed
        // reload once more.
        guard let job = live.checkJob() else { return }
        latestCheck.withLock { $0 = job.generation }
        checkQueue.async { [weak self] in
            guard let self, self.latestCheck.withLock({ $0 }) == job.generation else { return }
            let checked = self.announce(self.live.runCheck(job))
            guard checked.all || !checked.paths.isEmpty else { return }
            let snapshot = self.live.snapshot()
            self.broadcaster.send(
                event: "reload",
                data: ReloadEvent(
                    generation: snapshot.generation,
                    all: checked.all,
                    paths: checked.paths.flatMap { Self.urlPaths(of: $0, basePath: snapshot.basePath) }
                ).json
            )
        }
    }

    /// Style sheets, scripts and images show on many pages: reload every tab.
    static func needsFullReload(_ changedPaths: [String]) -> Bool {
        changedPaths.contains {
            !$0.hasSuffix(".html") && !$0.hasSuffix(".xml") && !$0.hasSuffix(".txt") && !$0.hasSuffix(".json")
        }
    }

    /// The addresses a browser may show for a site path: `a/index.html` is also `a/`.
    static func urlPaths(of path: String, basePath: String) -> [String] {
        if path == "index.html" { return [basePath, basePath + path] }
        if path.hasSuffix("/index.html") {
            let folder = String(path.dropLast("index.html".count))
            return [basePath + folder, basePath + path]
        }
        return [basePath + path]
    }

    private func report(_ update: LiveSite.Update, changes: SourceChanges?) {
        let time = String(format: "%.0f ms", update.seconds * 1000)
        var what = "Built"
        if changes != nil {
            let names = update.sources.map(display).prefix(3).joined(separator: ", ")
            what = (update.sources.count > 3 ? "\(names) and \(update.sources.count - 3) more" : names) + " changed:"
        }
        if update.failed {
            for diagnostic in update.diagnostics.filter({ $0.severity == .error }) { log(diagnostic.formatted) }
            let count = update.diagnostics.filter { $0.severity == .error }.count
            log(
                "\(what) \(count) \(count == 1 ? "error" : "errors") (\(time)). The browser shows \(count == 1 ? "it" : "them") until fixed."
            )
            return
        }
        let warnings = update.diagnostics.filter { $0.severity == .warning }
        let warned = warnings.isEmpty ? "" : ", \(warnings.count) \(warnings.count == 1 ? "warning" : "warnings")"
        guard changes != nil else {
            for warning in warnings { log(warning.formatted) }
            log("Built \(update.totalPages) pages in \(time)\(warned)")
            return
        }
        let files = update.changedPaths.count
        log(
            "\(what) rendered \(update.renderedPages) of \(update.totalPages) pages, \(files) \(files == 1 ? "file" : "files") updated in \(time)"
                + warned
        )
    }

    private func display(_ path: String) -> String {
        let root = siteRoot.path + "/"
        return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
    }
}

/// The data of a `reload` event: which addresses changed, or that every tab must reload.
struct ReloadEvent: Encodable {
    var generation: Int
    var all: Bool
    var paths: [String]

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{\"all\":true,\"paths\":[]}"
    }
}
