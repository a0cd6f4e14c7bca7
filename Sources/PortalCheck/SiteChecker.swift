import Foundation
import PortalDiagnostics
import PortalHTML
import PortalSupport

/// `portal check`: reads back every built page with libxml2 and reports what would hurt a
/// reader. Works on any folder of HTML; a `SourceMap` from the build makes findings name the
/// `.md` or template they come from.
public enum SiteChecker {
    public static func check(folder: URL, options: CheckOptions = CheckOptions()) -> CheckReport {
        let started = Date()
        var timer = CheckTimer()
        let folder = folder.standardizedFileURL
        let files = options.files ?? BuiltFiles.list(folder)
        let pagePaths = files.filter {
            ($0.hasSuffix(".html") || $0.hasSuffix(".htm"))
                && !CheckOptions.notPages.contains(String($0.split(separator: "/").last ?? ""))
        }
        let base = options.baseURL.flatMap { URL(string: $0) } ?? BuiltFiles.baseFromRobots(folder)

        // Per page, on every core: libxml2 is initialised once, then each thread has its own tree.
        // Missing files are found during the scan; fragments of other pages after it.
        HTMLDocument.prepareForThreads()
        let sources = options.sources
        let fileSet = FileIndex(files)
        let scanResolver = LinkResolution(files: fileSet, base: base)
        let cache = options.cacheFile.flatMap { PageScanCache.load(file: $0, files: files, base: base) }
        timer.lap("check/list")
        // Every page is read when no scan is kept; pages written a while ago (a large site) may
        // have left the page cache meanwhile. With scans kept, most pages are not read at all.
        let readAhead = (cache?.isEmpty ?? true) ? ReadAhead.start(pagePaths.map { folder.path + "/" + $0 }) : nil
        defer { _ = readAhead?.result }
        let scans = pagePaths.parallelMap { path in
            PageScanner.scan(
                folder: folder,
                path: path,
                resolver: scanResolver,
                source: sources?.pages[path],
                cache: cache,
                stamp: options.stamps[path],
                reader: options.reader
            )
        }
        let pages = scans.map(\.page)
        timer.lap("check/pages")
        // Written beside the rules across pages (one thread each; 1.4 s for 120,000 pages).
        let saving = cache.map { cache in WorkBeside { cache.save(scans) } }
        defer { _ = saving?.result }

        let resolution = LinkResolution(files: fileSet, pages: pages, base: base)
        var findings = pages.flatMap(\.findings)
        findings += pages.flatMap { resolution.checkFragments($0) }
        findings += SiteRules.uniqueTitles(pages)
        findings += SiteRules.sitemap(folder: folder, resolution: resolution, base: base)
        findings += SiteRules.stylesheets(folder: folder, files: files, base: base)
        findings.removeAll { sources?.pages[$0.file]?.reportedByBuild.contains($0.rule) == true }
        findings += options.extraFindings
        findings.removeAll { options.rules.isOff($0.rule) }
        if let external = options.external {
            findings += ExternalLinkChecker(options: external).check(pages.flatMap(\.external))
        }

        timer.lap("check/site")
        var bodyLines: [String: ClosedRange<Int>] = [:]
        for page in pages { if let lines = page.bodyLines { bodyLines[page.path] = lines } }
        var locator = SourceLocator(
            folder: folder,
            sources: sources,
            prefix: options.displayPrefix,
            bodyLines: bodyLines
        )
        let diagnostics = options.rules.apply(Self.mergeTemplateFindings(findings.map { ($0, locator.locate($0)) }))
        timer.lap("check/report")
        var report = CheckReport(
            pagesChecked: pagePaths.count,
            diagnostics: diagnostics,
            seconds: Date().timeIntervalSince(started)
        )
        report.bodyLines = bodyLines
        report.pagesReused = scans.count { $0.reused }
        return report
    }

    /// A template problem shows on every page made with it: report it once, with a count.
    static func mergeTemplateFindings(
        _ located: [(CheckFinding, (diagnostic: Diagnostic, inTemplate: Bool))]
    ) -> [Diagnostic] {
        var merged: [Diagnostic: [String]] = [:]
        var diagnostics: [Diagnostic] = []
        for (finding, location) in located {
            if location.inTemplate {
                merged[location.diagnostic, default: []].append(finding.file)
            } else {
                diagnostics.append(location.diagnostic)
            }
        }
        for (diagnostic, pages) in merged {
            var shown = diagnostic
            let sorted = pages.sorted()
            let example = sorted.first ?? ""
            shown.message += sorted.count == 1 ? " (in \(example))" : " (on \(sorted.count) pages, e.g. \(example))"
            diagnostics.append(shown)
        }
        return diagnostics
    }
}

/// Prints how long each part of the check took when `PORTAL_TIMINGS` is set (for `make bench`).
struct CheckTimer {
    private var last = Date()
    private let enabled = getenv("PORTAL_TIMINGS") != nil

    mutating func lap(_ step: String) {
        guard enabled else { return }
        let now = Date()
        FileHandle.standardError.write(
            Data(String(format: "timing: %@ %.3f s\n", step, now.timeIntervalSince(last)).utf8)
        )
        last = now
    }
}
