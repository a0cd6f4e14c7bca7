import ArgumentParser
import Foundation
import PortalCheck
import PortalDiagnostics
import PortalSite
import PortalSupport

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the site into public/ (or --output).",
        discussion: """
            Reads site.yml in the current folder (or --config), the content/ Markdown and the theme,
            and writes the whole site to a temporary folder that replaces the output folder only
            when everything succeeded. Problems are reported as file:line:column with a hint.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The site settings file.", valueName: "file"))
    var config: String = "site.yml"

    @Option(
        name: .long,
        help: ArgumentHelp("Where to write the site (default: output_dir in site.yml, else public).", valueName: "dir")
    )
    var output: String?

    @Option(
        name: .customLong("base-url"),
        help: ArgumentHelp("The address the site will live at, e.g. https://example.org/peer/.", valueName: "url")
    )
    var baseURL: String?

    @Flag(help: "Include pages marked 'draft: true'.")
    var drafts = false

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Flag(help: "Print only errors and warnings, not the summary line.")
    var quiet = false

    @Flag(help: "List every page's readability figure (Flesch-Kincaid grade, Fernández Huerta).")
    var readability = false

    @Flag(
        name: .customLong("no-check"),
        help: "Skip 'portal check' on the written site (faster; nothing is read back)."
    )
    var noCheck = false

    @Flag(
        name: .customLong("no-cache"),
        help:
            "Render and check every page again, reusing nothing of the last build (.cache/build-pages.bin, .cache/check-pages.bin)."
    )
    var noCache = false

    @Option(
        help: "Output: 'text' (findings on standard error, a summary line) or 'json' (one document on standard output)."
    )
    var format: CheckCommand.Format = .text

    @Option(
        name: .customLong("max-errors"),
        help: ArgumentHelp("Print at most this many errors (all are counted).", valueName: "n")
    )
    var maxErrors: Int?

    @Flag(help: "Include pages whose 'expirydate' has passed.")
    var expired = false

    @Flag(
        name: .customLong("local-intake"),
        help:
            "Allow an intake_url on http or on this machine for an https site: a staging build against a local 'portal intake'. Never publish such a build: its form posts to each reader's own computer."
    )
    var localIntake = false

    func run() throws {
        let configURL = URL(fileURLWithPath: config).standardizedFileURL
        guard FileManager.default.fileExists(atPath: configURL.path) else {
            throw ValidationError(
                "no \(config) here. Run 'portal build' in the folder that holds site.yml, pass --config FILE, or start a site with 'portal init DIR'."
            )
        }
        let started = Date()
        let progress: (@Sendable (Int, Int) -> Void)? = quiet ? nil : Self.progressLine(since: started)
        var options = BuildOptions(
            configFile: configURL,
            outputOverride: output.map { URL(fileURLWithPath: $0) },
            baseURLOverride: baseURL,
            includeDrafts: drafts,
            strict: strict,
            progress: progress,
            check: !noCheck,
            reuseCheckResults: !noCache,
            measureReadability: readability || !quiet
        )
        options.allowLocalIntake = localIntake
        options.includeExpired = expired
        options.keepsMemoryUntilExit = true
        let folder = configURL.deletingLastPathComponent()
        let findings = FindingsPrinter(quiet: quiet, maxErrors: maxErrors, json: format == .json)
        do throws(BuildFailure) {
            let report = try Site.build(options)
            Terminal.endProgress()
            findings.print(
                build: report.diagnostics,
                check: report.check,
                pages: report.pagesPerLanguage.map(\.1).reduce(0, +)
            )
            if format == .json { return }
            if readability {
                for (page, score) in report.readability {
                    guard let figure = score.figure else { continue }
                    Terminal.output(
                        "\(page): \(figure.name) \(String(format: "%.1f", figure.value))\(figure.isPlain ? "" : " (harder than the plain-language target)")"
                    )
                }
            }
            if !quiet {
                for line in report.readabilitySummary { Terminal.output(line) }
                Terminal.output(report.summary(relativeTo: folder))
            }
            KeptUntilExit.keep(report)
        } catch {
            Terminal.endProgress()
            findings.print(build: error.diagnostics, check: error.check, pages: 0)
            let errorCount = error.errors.count + (error.check?.errors.count ?? 0)
            let reason =
                errorCount > 0
                ? "\(errorCount) error\(errorCount == 1 ? "" : "s")"
                : "warnings with --strict"
            throw ContentFailure(message: "Build failed: \(reason). The previous site was left as it was.")
        }
    }
}

extension BuildCommand {
    /// Shows progress only for builds that take longer than a second.
    static func progressLine(since started: Date) -> @Sendable (Int, Int) -> Void {
        { (done: Int, total: Int) in
            guard Date().timeIntervalSince(started) > 1 else { return }
            Terminal.progress("Building: \(done)/\(total)")
        }
    }
}

enum DiagnosticPrinter {
    static func print(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { Terminal.error(diagnostic.formatted) }
    }
}

/// A build's findings, from its own steps and from the read-back check, printed once: errors,
/// and warnings unless `quiet`; at most `maxErrors` errors; then how many each rule found, so a
/// site with thousands of findings sees where they come from. With `json`, one document on
/// standard output instead (as `portal check --format json`).
struct FindingsPrinter {
    let quiet: Bool
    let maxErrors: Int?
    let json: Bool

    func print(build: [Diagnostic], check: CheckReport?, pages: Int) {
        let all = build + (check?.diagnostics ?? [])
        if json {
            Terminal.output(CheckReport.json(pages: pages, diagnostics: all))
            return
        }
        var errorsShown = 0
        var errorsHidden = 0
        for (diagnostic, fromCheck) in build.map({ ($0, false) }) + (check?.diagnostics ?? []).map({ ($0, true) }) {
            if diagnostic.severity == .warning && quiet { continue }
            if diagnostic.severity == .error {
                if let maxErrors, errorsShown >= maxErrors {
                    errorsHidden += 1
                    continue
                }
                errorsShown += 1
            }
            Terminal.error(fromCheck ? diagnostic.checkLine : diagnostic.formatted)
        }
        if errorsHidden > 0 {
            Terminal.error("... and \(errorsHidden) more error\(errorsHidden == 1 ? "" : "s") (--max-errors)")
        }
        if let check, !quiet {
            Terminal.error(check.summary + String(format: " in %.2f s", check.seconds) + check.reuseNote)
        }
        let counts = CheckReport.ruleCounts(quiet ? all.filter { $0.severity == .error } : all)
        guard !counts.isEmpty else { return }
        let parts = counts.sorted {
            ($0.value.errors, $0.value.warnings, $1.key) > ($1.value.errors, $1.value.warnings, $0.key)
        }
        .map { rule, count in
            [
                count.errors > 0 ? "\(count.errors) error\(count.errors == 1 ? "" : "s")" : nil,
                count.warnings > 0 ? "\(count.warnings) warning\(count.warnings == 1 ? "" : "s")" : nil,
            ]
            .compactMap { $0 }.joined(separator: ", ") + " " + rule
        }
        Terminal.error("By rule: " + parts.joined(separator: "; "))
    }
}
