import Foundation
import PortalCheck
import PortalConfig
import PortalContent
import PortalDiagnostics
import PortalMarkdown
import PortalReadability
import PortalReferrals
import PortalSupport
import PortalTheme

/// The build, as the list of steps it runs. Each step lives in its own module or file.
public enum Site {
    public static func build(_ options: BuildOptions) throws(BuildFailure) -> BuildReport {
        let started = Date()
        let timer = StepTimer()
        let loadParts = StepTimer()
        let diagnostics = DiagnosticCollector()
        func fail() -> BuildFailure { BuildFailure(diagnostics: diagnostics.all) }
        func failed(_ list: DiagnosticList) -> BuildFailure {
            diagnostics.report(contentsOf: list.diagnostics)
            return fail()
        }

        // 1. Settings and theme.
        var config: SiteConfig
        let theme: Theme
        do {
            (config, theme) = try SiteModel.settings(options)
        } catch {
            throw failed(error)
        }
        loadParts.lap("load/settings")
        // The writer starts clearing the previous build's copy now, beside the work below.
        let writer: OutputWriter
        do {
            writer = try OutputWriter(output: config.outputDirectory, faultAfter: options.simulatedDiskFullAfter)
        } catch {
            diagnostics.report(
                .error(
                    config.outputDirectory.path,
                    rule: "write",
                    "the output folder cannot be prepared: \(error.localizedDescription)",
                    hint: "check that its parent folder exists and is writable"
                )
            )
            throw fail()
        }
        func abandon() -> BuildFailure {
            writer.abandon()
            return fail()
        }

        // 2. Content: pages, front matter, URLs, sections, translations, data; what the last
        // build made of them is reused where they are the same (`BuildMemo`, in `.cache/`).
        let incremental = IncrementalBuild(options: options, config: config, theme: theme)
        loadParts.lap("load/memo")
        let site = SiteModel.load(
            config: config,
            theme: theme,
            options: options,
            diagnostics: diagnostics,
            frontMatter: incremental?.frontMatter,
            lastRead: incremental?.lastRead
        )
        let content = site.content
        SecurityHeaders.reportHandWritten(config: config, staticFiles: site.staticFiles, diagnostics: diagnostics)
        // One pass: pages with errors are still rendered, written into the staging folder and
        // read back, so that one build reports every problem it can find; nothing replaces the
        // previous site while any error remains. Only what makes the output itself unsound stops here.
        if site.cannotBeWritten(diagnostics) { throw abandon() }
        timer.lap("load")

        // 3. Markdown bodies, links rewritten and checked; those of the last build reused when
        // their Markdown and links are the same.
        incremental?.restoreBodies(site)
        let counter = ProgressCounter(total: content.pages.count * 2, report: options.progress)
        let resolver = site.linkResolver
        var bodies = BodyRendering.render(
            content,
            resolver: resolver,
            options: site.markdownOptions,
            memo: incremental?.bodies,
            progress: counter.tick
        )
        // As found, before the site's severities: the check does not report these links again.
        let linkProblems = bodies.flatMap(\.problems) + BodyRendering.checkAnchors(bodies, content: content)
        diagnostics.report(contentsOf: linkProblems)
        // Without the read-back check, writing a site that cannot be published tells nothing more.
        if !options.check && Self.fails(diagnostics.all, check: nil, strict: options.strict) { throw abandon() }
        timer.lap("markdown")

        // Pages whose data did not change keep their files; bodies restored without HTML are
        // rendered where this build reads them after all.
        if let incremental {
            incremental.planPages(content)
            incremental.completeBodies(&bodies, content: content, site: site, options: options)
        }

        // 4. Templates and 5. output, page by page, written aside and swapped in.
        let assets = AssetPipeline.publish(theme)
        let aliases = site.aliases
        let checkSources =
            options.check
            ? WorkBeside { [bodies, config] in
                SiteCheck.sources(content: content, bodies: bodies, theme: theme, aliases: aliases, config: config)
            } : nil
        var check: CheckReport?
        var beside: WorkBeside<(readability: [(page: String, score: ReadabilityScore)], memo: BuildMemo.PendingSave?)>?
        do {
            try PageOutput.renderAndWrite(
                content: content,
                theme: theme,
                templates: site.templates(bodies: bodies, assets: assets),
                aliases: site.aliases,
                config: config,
                forms: site.forms,
                assets: assets,
                staticFiles: site.staticFiles,
                writer: writer,
                reused: { page in incremental?.files(of: page) },
                indexedWords: incremental?.indexedWords,
                progress: counter.tick
            ) { staging, written in
                timer.lap("templates+write")
                // Beside the check, which leaves a core idle after a small change: readability and
                // the memo for the next build, but for the check's part.
                let rendered = bodies
                let stamps = incremental.map { _ in WorkBeside { IncrementalBuild.stamped(written, in: staging) } }
                beside = WorkBeside {
                    let readability =
                        options.measureReadability ? PageReadability.measure(content, bodies: rendered) : []
                    guard let incremental, let stamped = stamps?.result else { return (readability, nil) }
                    let memo = incremental.startSaving(
                        content,
                        rendered: rendered,
                        stamped: stamped,
                        readability: options.measureReadability
                            ? Dictionary(
                                readability.map { ($0.page, $0.score) },
                                uniquingKeysWith: { first, _ in first }
                            )
                            : nil
                    )
                    return (readability, memo)
                }
                // The files are stamped before the staging folder is renamed into place.
                defer { _ = stamps?.result }
                // 6. Read the written site back before it replaces the old one (`portal check`).
                if let sources = checkSources?.result {
                    check = SiteCheck.run(
                        folder: staging,
                        site: sources,
                        config: config,
                        cacheFile: options.reuseCheckResults ? SiteCheck.cacheFile(config.rootDirectory) : nil,
                        files: writer.writtenFiles,
                        stamps: IncrementalBuild.stampsByPath(stamps?.result),
                        linkProblems: linkProblems
                    )
                    timer.lap("check")
                }
                // With --strict, warnings fail the build too.
                if Self.fails(diagnostics.all, check: check, strict: options.strict) { throw CheckFailed() }
            }
        } catch is CheckFailed {
            beside?.result?.memo?.abandon()
            throw BuildFailure(diagnostics: diagnostics.all, check: check)
        } catch let error as OutputWriter.WriteError {
            beside?.result?.memo?.abandon()
            diagnostics.report(
                .error(
                    config.outputDirectory.lastPathComponent + "/" + error.path,
                    rule: "write",
                    error.reason,
                    hint: "the previous site was left as it was"
                )
            )
            throw fail()
        } catch {
            beside?.result?.memo?.abandon()
            diagnostics.report(
                .error(
                    config.outputDirectory.path,
                    rule: "write",
                    "the site could not be written: \(error.localizedDescription)",
                    hint: "the previous site was left as it was"
                )
            )
            throw fail()
        }

        timer.lap("swap")
        let all = diagnostics.all
        let made = beside?.result
        let readability = made?.readability ?? []
        timer.lap("readability")
        if let incremental, let memo = made?.memo {
            incremental.finishSaving(memo, content: content, rendered: bodies, check: check)
        }
        timer.lap("memo")
        let perLanguage = config.languages.map { language in
            (language.code, content.pages.count { $0.language == language.code })
        }
        if options.keepsMemoryUntilExit {
            KeptUntilExit.keep((site, bodies, incremental as Any, linkProblems, writer, theme))
        }
        return BuildReport(
            pagesPerLanguage: perLanguage,
            diagnostics: all,
            readability: readability,
            seconds: Date().timeIntervalSince(started),
            outputDirectory: config.outputDirectory,
            check: check,
            unchangedPages: incremental?.reusedPages ?? 0
        )
    }
}

extension Site {
    /// Whether these findings keep the site from replacing the previous one.
    static func fails(_ diagnostics: [Diagnostic], check: CheckReport?, strict: Bool) -> Bool {
        let all = diagnostics + (check?.diagnostics ?? [])
        return all.contains { $0.severity == .error || (strict && $0.severity == .warning) }
    }
}

/// The build or its check found errors: the staging folder is dropped, the old site stays.
private struct CheckFailed: Error {}

/// Counts finished pages from many threads for the progress line.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    private let total: Int
    private let report: (@Sendable (Int, Int) -> Void)?

    init(total: Int, report: (@Sendable (Int, Int) -> Void)?) {
        self.total = total
        self.report = report
    }

    @Sendable func tick() {
        guard let report else { return }
        lock.lock()
        done += 1
        let now = done
        lock.unlock()
        if now % 250 == 0 || now == total { report(now, total) }
    }
}

/// Prints how long each step took when `PORTAL_TIMINGS` is set (for `make bench`), and the
/// processor time it used on all cores: a step using less than the cores it has waits on something.
final class StepTimer {
    private let enabled = ProcessInfo.processInfo.environment["PORTAL_TIMINGS"] != nil
    private var last = Date()
    private var lastCPU: Double

    init() { lastCPU = enabled ? Self.usage().cpu : 0 }

    func lap(_ step: String) {
        guard enabled else { return }
        let now = Date()
        let (cpu, peak) = Self.usage()
        let line = String(
            format: "timing: %@ %.3f s (cpu %.3f s, peak %ld MiB)\n",
            step,
            now.timeIntervalSince(last),
            cpu - lastCPU,
            peak
        )
        FileHandle.standardError.write(Data(line.utf8))
        last = now
        lastCPU = cpu
    }

    /// User and system time of the whole process, all threads, and its peak resident memory so
    /// far (fresh memory is costly on a virtual machine: the host backs each page on first touch).
    private static func usage() -> (cpu: Double, peakMiB: Int) {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return (seconds(usage.ru_utime) + seconds(usage.ru_stime), usage.ru_maxrss / 1024)
    }
}
