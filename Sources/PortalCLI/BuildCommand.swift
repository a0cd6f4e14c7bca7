import ArgumentParser
import Foundation
import PortalDiagnostics
import PortalSite

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the site into public/ (or --output).",
        discussion: """
            Reads site.yml in the current folder (or --config), the content/ Markdown and the theme,
            and writes the whole site to a temporary folder that replaces the output folder only
            when everything succeeded. Problems are reported as file:line:column with a hint.
            """)

    @Option(name: .long, help: ArgumentHelp("The site settings file.", valueName: "file"))
    var config: String = "site.yml"

    @Option(name: .long, help: ArgumentHelp("Where to write the site (default: output_dir in site.yml, else public).", valueName: "dir"))
    var output: String?

    @Option(name: .customLong("base-url"), help: ArgumentHelp("The address the site will live at, e.g. https://example.org/peer/.", valueName: "url"))
    var baseURL: String?

    @Flag(help: "Include pages marked 'draft: true'.")
    var drafts = false

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Flag(help: "Print only errors and warnings, not the summary line.")
    var quiet = false

    @Flag(help: "List every page's readability figure (Flesch-Kincaid grade, Fernández Huerta).")
    var readability = false

    @Flag(name: .customLong("no-check"), help: "Skip 'portal check' on the written site (faster; nothing is read back).")
    var noCheck = false

    @Flag(name: .customLong("no-cache"), help: "Check every page again, not reusing the results of pages unchanged since the last build (.cache/check-pages.bin).")
    var noCache = false

    @Flag(name: .customLong("local-intake"), help: "Allow an intake_url on http or on this machine for an https site: a staging build against a local 'portal intake'. Never publish such a build: its form posts to each reader's own computer.")
    var localIntake = false

    func run() throws {
        let configURL = URL(fileURLWithPath: config).standardizedFileURL
        guard FileManager.default.fileExists(atPath: configURL.path) else {
            throw ValidationError("no \(config) here. Run 'portal build' in the folder that holds site.yml, pass --config FILE, or start a site with 'portal init DIR'.")
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
            measureReadability: readability || !quiet)
        options.allowLocalIntake = localIntake
        let folder = configURL.deletingLastPathComponent()
        do throws(BuildFailure) {
            let report = try Site.build(options)
            Terminal.endProgress()
            DiagnosticPrinter.print(report.diagnostics)
            CheckPrinter.printInBuild(report.check, quiet: quiet)
            if readability {
                for (page, score) in report.readability {
                    guard let figure = score.figure else { continue }
                    Terminal.output("\(page): \(figure.name) \(String(format: "%.1f", figure.value))\(figure.isPlain ? "" : " (harder than the plain-language target)")")
                }
            }
            if !quiet {
                for line in report.readabilitySummary { Terminal.output(line) }
                Terminal.output(report.summary(relativeTo: folder))
            }
        } catch {
            Terminal.endProgress()
            DiagnosticPrinter.print(error.diagnostics)
            CheckPrinter.printInBuild(error.check, quiet: quiet)
            let errorCount = error.errors.count + (error.check?.errors.count ?? 0)
            let reason = errorCount > 0
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
