import Foundation
import PortalCheck
import PortalDiagnostics
import PortalSupport

/// What the preview knows is wrong with the site as served: the build's own findings and the
/// read-back check's, as `portal build` would print them, with each page's own findings apart
/// so that the page can show them.
public struct PreviewFindings: Sendable, Equatable {
    /// Every finding of the build and of the check, sorted.
    public var all: [Diagnostic] = []
    /// Site path of a page (`a/index.html`) to the findings in its own `.md` file.
    public var byPage: [String: [Diagnostic]] = [:]

    public var errors: Int { all.count { $0.severity == .error } }
    public var warnings: Int { all.count { $0.severity == .warning } }
}

/// The preview's read-back check. The checker reads a folder, so the served files are mirrored
/// into a private one (only the files that changed are written again; copied files are links
/// to their sources), and its scans are cached there: after an edit only the changed pages are
/// parsed again, as in an editor's next `portal build`.
final class PreviewCheck {
    let folder: URL
    private var written: [String: Data] = [:]
    private var linked: [String: URL] = [:]

    init() {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "portal-serve-check-\(getpid())-\(UUID().uuidString.prefix(8))"
        )
    }

    var site: URL { folder.appendingPathComponent("site") }

    /// Brings the mirror up to date with what is served.
    func mirror(files: [String: Data], copies: [String: URL]) {
        let root = site.path + "/"
        for path in written.keys where files[path] == nil || copies[path] != nil {
            unlink(root + path)
            written[path] = nil
        }
        for path in linked.keys where copies[path] == nil {
            unlink(root + path)
            linked[path] = nil
        }
        for (path, data) in files where copies[path] == nil && written[path] != data {
            let file = URL(fileURLWithPath: root + path)
            try? FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            if (try? data.write(to: file)) != nil { written[path] = data }
        }
        for (path, source) in copies where linked[path] != source {
            let file = URL(fileURLWithPath: root + path)
            try? FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            unlink(file.path)
            if symlink(source.path, file.path) == 0 { linked[path] = source }
        }
    }

    func remove() { OutputWriter.removeTree(folder.path) }

    deinit { remove() }
}

extension LiveSite {
    /// What the read-back check of the site as served needs, taken on the thread that rebuilds
    /// (cheap: values), so that the check itself can run on another thread while the next edit
    /// is rebuilt.
    public struct CheckJob: @unchecked Sendable {
        fileprivate let state: Rendered
        fileprivate let served: Snapshot
        /// Counts rebuilds: a newer job makes an older one not worth running.
        public let generation: Int
    }

    /// The check's inputs as they are now; nil when there is nothing to check (a failed build,
    /// `--no-check`). Call from the thread that rebuilds.
    public func checkJob() -> CheckJob? {
        guard let state = rendered, options.check else { return nil }
        let served = snapshot()
        guard served.errors.isEmpty else { return nil }
        return CheckJob(state: state, served: served, generation: served.generation)
    }

    /// Reads back the site as it is served now, as `portal build` would before publishing it.
    /// Returns whether the site's totals changed and the site paths of the pages whose own
    /// findings changed (their tabs should reload). Call from the thread that rebuilds.
    public func checkServed() -> (all: Bool, paths: [String]) {
        guard let job = checkJob() else { return (false, []) }
        return runCheck(job)
    }

    /// Runs a check taken by `checkJob`. One at a time (the mirror folder is the checker's):
    /// `PreviewSession` runs them on one serial queue.
    public func runCheck(_ job: CheckJob) -> (all: Bool, paths: [String]) {
        let state = job.state
        let served = job.served
        preview.mirror(files: served.files, copies: served.copies)
        let site = state.site
        let report = SiteCheck.run(
            folder: preview.site,
            site: SiteCheck.sources(
                content: site.content,
                bodies: state.bodies,
                theme: site.theme,
                aliases: site.aliases,
                config: site.config
            ),
            config: site.config,
            cacheFile: preview.folder.appendingPathComponent("check-pages.bin"),
            linkProblems: state.bodies.flatMap(\.problems) + served.buildFindings
        )
        var findings = PreviewFindings()
        findings.all = (served.buildFindings + report.diagnostics).sorted()
        var pagesBySource: [String: [String]] = [:]
        for page in site.content.pages { pagesBySource[page.displayPath, default: []].append(page.url + "index.html") }
        for finding in findings.all {
            for path in pagesBySource[finding.file] ?? [] { findings.byPage[path, default: []].append(finding) }
        }
        return publish(findings)
    }
}
