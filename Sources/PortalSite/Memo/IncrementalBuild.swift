import Foundation
import PortalCheck
import PortalConfig
import PortalContent
import PortalReadability
import PortalSupport
import PortalTheme

/// One `portal build`'s use of `BuildMemo`: restores the bodies before they are rendered, tells
/// which pages keep their files from the published site, renders again the bodies whose HTML is
/// needed after all, and keeps what this build made.
final class IncrementalBuild: @unchecked Sendable {
    private let file: URL
    private let settings: String
    private let previous: BuildMemo?
    private let published: URL
    let bodies = BodyMemo()
    /// The search index's words of each page, kept for the next build.
    let indexedWords = IndexedWords()
    private var world = ""
    /// Front matter parsed by the last build, and by this one.
    let frontMatter: FrontMatterMemo
    /// The Markdown files as the last build read them: those unchanged since are not read.
    var lastRead: ReadStamps? { previous?.readStamps }
    /// What each page shows, its place and its layout, kept for the next build. Made on a thread
    /// of its own: with no memo to compare it with (a first build), nothing waits for it before
    /// the memo is written (on the main thread, its tables took 0.5 s of a 120,000-page build).
    private var plan: WorkBeside<RenderPlan.Snapshot>?
    /// Pages whose data are as when their files were written, and those files still there.
    private var unchanged: Set<Int> = []
    private let lock = NSLock()
    /// How many pages took their files from the published site.
    private(set) var reusedPages = 0

    /// Nil with `--no-cache`, or when the settings cannot be read to a digest (nothing is reused).
    init?(options: BuildOptions, config: SiteConfig, theme: Theme) {
        guard options.reuseCheckResults,
            let settings = SettingsDigest.of(
                options: options,
                config: config,
                theme: theme,
                staticFiles: PageOutput.staticFiles(config).map(\.path)
            )
        else { return nil }
        self.settings = settings
        file = BuildMemo.file(config.rootDirectory)
        published = config.outputDirectory
        previous = BuildMemo.load(from: file, settings: settings)
        frontMatter = FrontMatterMemo(known: previous?.frontMatter ?? [:])
    }

    /// Before the bodies are rendered: those of the last build, for the ones that did not change.
    func restoreBodies(_ site: SiteModel) {
        world = bodies.enter(site.content).digest
        guard let previous else { return }
        bodies.restore(previous.bodies(options: site.markdownOptions), sameWorld: previous.world == world)
    }

    /// After the bodies: the pages `RenderPlan` does not name keep their files, if these are
    /// still in the published site as written (the search page, which lists every page, is
    /// always rendered).
    func planPages(_ content: ContentSite) {
        let planned = WorkBeside { RenderPlan.snapshot(content) }
        plan = planned
        guard let previous, let current = planned.result else { return }
        let render = Set(
            RenderPlan.pagesToRender(
                previous: previous.plan,
                current: current,
                content: content,
                changedBodies: bodies.renderedSinceRestore(),
                changedLayouts: []
            )
        )
        // By index: a page is a large value, and copying each one costs more than this step.
        let pages = content.pages
        let candidates = pages.indices.filter {
            !render.contains($0) && pages[$0].frontMatter.layout != SearchIndex.layout
        }
        let intact = candidates.parallelMap { index in
            previous.outputs[pages[index].sourcePath].map { !$0.isEmpty && $0.allSatisfy(isPublished) } ?? false
        }
        unchanged = Set(zip(candidates, intact).compactMap { $1 ? $0 : nil })
    }

    /// Whether the published site still holds this file as written: the very file, with the
    /// same `FileStamp` (a file touched since, even restored to the same bytes, is written again).
    private func isPublished(_ output: BuildMemo.OutputFile) -> Bool {
        FileStamp.of(published.path + "/" + output.path) == output.stamp
    }

    /// Bodies restored without HTML that this build reads after all: pages it renders, and the
    /// search index's, readability's or the check's when the last build did not keep theirs.
    func completeBodies(
        _ rendered: inout [RenderedBody],
        content: ContentSite,
        site: SiteModel,
        options: BuildOptions
    ) {
        let search = SearchIndex.isWanted(content)
        var wordsPerPage: [String: Int] = [:]
        if search {
            for language in site.config.languages.map(\.code) {
                let findable = content.pages.count {
                    $0.language == language && SearchIndex.isFindable($0, excluded: site.forms.searchExcluded)
                }
                wordsPerPage[language] = SearchIndex.wordsPerPage(findable: findable)
            }
        }
        let pages = content.pages
        let needed = pages.indices.filter { index in
            let body = rendered[index]
            guard !body.hasHTML else { return false }
            if !unchanged.contains(index) { return true }
            let page = pages[index]
            let restored = body.restored ?? BuildMemo.Restored()
            if let share = wordsPerPage[page.language],
                SearchIndex.isFindable(page, excluded: site.forms.searchExcluded)
            {
                guard let words = restored.searchWords,
                    IndexedWords.suffice(words, limit: restored.searchLimit, wordsPerPage: share)
                else { return true }
            }
            if options.measureReadability && restored.readability == nil { return true }
            if options.check && restored.bodyLines == nil { return true }
            return false
        }
        guard !needed.isEmpty else { return }
        let fresh = BodyRendering.render(
            content,
            only: needed.map { pages[$0] },
            resolver: site.linkResolver,
            options: site.markdownOptions,
            progress: {}
        )
        for (index, body) in zip(needed, fresh) { rendered[index] = body }
    }

    /// The files this page wrote last time, when it keeps them.
    func files(of page: Page) -> [BuildMemo.OutputFile]? {
        guard unchanged.contains(page.index), let stored = previous?.outputs[page.sourcePath] else { return nil }
        lock.withLock { reusedPages += 1 }
        return stored
    }

    /// Each page's files with their `FileStamp`, read in the staging folder before it is renamed
    /// into place: the swap renames folders only, so the published files keep them. A file that
    /// comes with its stamp is the published one, found already in place and left untouched
    /// (`OutputWriter.linkPublished`): it is not looked up again.
    static func stamped(_ outputs: [[BuildMemo.OutputFile]], in staging: URL) -> [[BuildMemo.OutputFile]] {
        outputs.parallelMap { written in
            written.map { output in
                guard output.stamp.isEmpty else { return output }
                var output = output
                output.stamp = FileStamp.of(staging.path + "/" + output.path) ?? ""
                return output
            }
        }
    }

    /// The stamps by file path, for the check (which keeps its scans by them too).
    static func stampsByPath(_ stamped: [[BuildMemo.OutputFile]]?) -> [String: String] {
        var stamps: [String: String] = [:]
        for output in (stamped ?? []).joined() where !output.stamp.isEmpty { stamps[output.path] = output.stamp }
        return stamps
    }

    /// Beside the check, before `public/` is replaced: what the next build starts from, written
    /// but for where the check found each body (`finishSaving`). What was made from each body
    /// (search words, readability) is kept in place of its HTML.
    func startSaving(
        _ content: ContentSite,
        rendered: [RenderedBody],
        stamped: [[BuildMemo.OutputFile]],
        readability: [String: ReadabilityScore]?
    ) -> BuildMemo.PendingSave? {
        var files: [String: [BuildMemo.OutputFile]] = [:]
        let pages = content.pages
        for index in pages.indices { files[pages[index].sourcePath] = stamped[index] }
        bodies.keep(only: Set(pages.indices.map { pages[$0].sourcePath }))
        var stored = bodies.stored()
        let words = indexedWords.pages
        for index in pages.indices {
            let source = pages[index].sourcePath
            guard stored[source] != nil else { continue }
            let body = rendered[index]
            var kept = body.hasHTML ? BuildMemo.Restored() : (body.restored ?? BuildMemo.Restored())
            if let (text, limit) = words[index] {
                kept.searchWords = text
                kept.searchLimit = limit
            }
            if let readability { kept.readability = .some(readability[pages[index].displayPath]) }
            stored[source]?.rendered = RenderedBody(
                html: "",
                headings: body.headings,
                rawHTMLIDs: body.rawHTMLIDs,
                anchors: body.anchors,
                problems: body.problems,
                main: "",
                sources: "",
                hasHTML: false,
                restored: kept
            )
        }
        return BuildMemo(
            settings: settings,
            world: world,
            plan: plan?.result ?? RenderPlan.Snapshot(),
            bodyEntries: stored,
            outputs: files,
            frontMatter: frontMatter.entries,
            readStamps: content.readStamps
        ).startSaving(to: file)
    }

    /// After `public/` was replaced: where the check found each body (as the last build knew
    /// it for a body this build did not render, without a check), and the memo in place.
    func finishSaving(
        _ pending: BuildMemo.PendingSave,
        content: ContentSite,
        rendered: [RenderedBody],
        check: CheckReport?
    ) {
        let pages = content.pages
        var lines: [String: ClosedRange<Int>??] = [:]
        for index in pages.indices {
            if let check {
                lines[pages[index].sourcePath] = .some(check.bodyLines[pages[index].url + "index.html"])
            } else if !rendered[index].hasHTML, let known = rendered[index].restored?.bodyLines {
                lines[pages[index].sourcePath] = known
            }
        }
        pending.finish { lines[$0] ?? nil }
    }
}
