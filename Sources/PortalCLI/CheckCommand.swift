import ArgumentParser
import Foundation
import PortalCheck
import PortalDiagnostics
import PortalSite

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Read back a built site and report broken links, missing text alternatives and other problems.",
        discussion: """
            Checks every HTML file in DIR (default: the output folder of site.yml here, else public/)
            with libxml2: links and #fragments, images, headings, ids, language, titles, forms, link
            texts, and files loaded from other sites. Inside a site folder it also reports missing
            translations and stale referral entries. 'portal build' runs the same check on the site
            it writes, and names the .md or template line of each problem. docs/checker.md lists
            every rule and its fix. Exit status: 0 no errors, 1 errors, 2 usage errors.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: ArgumentHelp("The folder of built HTML.", valueName: "dir"))
    var directory: String?

    @Option(
        name: .long,
        help: ArgumentHelp("The site settings file, if the folder belongs to a site.", valueName: "file")
    )
    var config: String = "site.yml"

    @Option(
        name: .customLong("base-url"),
        help: ArgumentHelp(
            "The site's address; links to it count as internal (default: from site.yml or robots.txt).",
            valueName: "url"
        )
    )
    var baseURL: String?

    @Option(help: "Output: 'text' (one line per finding and a summary) or 'json'.")
    var format: Format = .text

    @Flag(
        help:
            "Also ask other sites whether the links to them work (warnings; answers cached in .cache/external-links.json for a day)."
    )
    var external = false

    @Flag(
        name: .customLong("no-cache"),
        help:
            "Check every page again, not reusing the results of pages unchanged since the last check (.cache/check-pages.bin, inside a site folder)."
    )
    var noCache = false

    @Option(
        name: .customLong("external-timeout"),
        help: ArgumentHelp("Seconds to wait for each other site.", valueName: "seconds")
    )
    var externalTimeout: Double = 10

    func run() throws {
        let configURL = URL(fileURLWithPath: config).standardizedFileURL
        var baseURL = self.baseURL
        var folder = directory.map { URL(fileURLWithPath: $0) }
        var extra: [CheckFinding] = []
        var checkCache: URL?
        var rules = RuleSeverities()
        if FileManager.default.fileExists(atPath: configURL.path) {
            checkCache = noCache ? nil : SiteCheck.cacheFile(configURL.deletingLastPathComponent())
            do throws(BuildFailure) {
                let site = try SiteCheck.contentFindings(configFile: configURL)
                baseURL = baseURL ?? site.baseURL
                folder = folder ?? site.outputDirectory
                extra = site.findings
                rules = site.rules
            } catch {
                DiagnosticPrinter.print(error.diagnostics)
                throw ContentFailure(message: "Check stopped: \(config) has errors.")
            }
        }
        let root = (folder ?? URL(fileURLWithPath: "public")).standardizedFileURL
        guard FileTreeProbe.isDirectory(root) else {
            throw ValidationError(
                "no folder \(root.path). Build the site first ('portal build'), or name the folder: portal check DIR"
            )
        }
        let cacheFile = configURL.deletingLastPathComponent().appendingPathComponent(".cache/external-links.json")
        var options = CheckOptions(
            baseURL: baseURL,
            displayPrefix: CheckPrinter.displayPrefix(for: root),
            extraFindings: extra,
            external: external ? ExternalLinkOptions(cacheFile: cacheFile, timeout: externalTimeout) : nil,
            cacheFile: checkCache
        )
        options.rules = rules
        let report = SiteChecker.check(folder: root, options: options)
        switch format {
        case .json: Terminal.output(report.json())
        case .text:
            for line in report.lines { Terminal.output(line) }
            Terminal.output(report.summary + report.reuseNote)
        }
        if report.hasErrors {
            throw ContentFailure(
                message: "Check failed: \(report.errors.count) error\(report.errors.count == 1 ? "" : "s")."
            )
        }
    }
}

enum FileTreeProbe {
    static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}

enum CheckPrinter {
    /// The folder as typed relative to the current folder (`public/`), for messages.
    static func displayPrefix(for folder: URL) -> String {
        let current = FileManager.default.currentDirectoryPath + "/"
        let path = folder.path + "/"
        return path.hasPrefix(current) ? String(path.dropFirst(current.count)) : path
    }
}
