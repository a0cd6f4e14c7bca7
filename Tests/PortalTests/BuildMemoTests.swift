import Foundation
import PortalSite
import Testing

/// `portal build` after a change renders only what the change affects (`BuildMemo`, kept in
/// `.cache/`); after every kind of edit its `public/` must equal a build from scratch
/// (`--no-cache`) of the same sources, byte for byte.
@Suite(.serialized) struct BuildMemoTests {
    final class Site {
        let root: URL

        /// The copy's files look an hour old, as an editor's are but for the one just saved: the
        /// next build then leaves the unchanged ones unread (`ReadStamps`), and every expectation
        /// below holds for that path too.
        init() throws {
            root = try repositorySiteCopy("portal-memo")
            try backdate(FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? [])
        }

        /// Makes files look an hour old, as if saved long before the next build.
        func backdate(_ files: [String]) throws {
            for file in files {
                try FileManager.default.setAttributes(
                    [.modificationDate: Date().addingTimeInterval(-3600)],
                    ofItemAtPath: root.appendingPathComponent(file).path
                )
            }
        }

        func options(output: URL? = nil, reuse: Bool = true, check: Bool = false) -> BuildOptions {
            BuildOptions(
                configFile: root.appendingPathComponent("site.yml"),
                outputOverride: output,
                today: .init(year: 2026, month: 11, day: 24),
                check: check,
                reuseCheckResults: reuse
            )
        }

        /// `portal build` as an editor runs it again and again.
        @discardableResult
        func build(check: Bool = false) throws -> BuildReport {
            try PortalSite.Site.build(options(check: check))
        }

        func write(_ relative: String, _ text: String) throws {
            let file = root.appendingPathComponent(relative)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try Data(text.utf8).write(to: file)
        }

        func edit(_ relative: String, _ change: (String) -> String) throws {
            try write(relative, change(try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)))
        }

        func delete(_ relative: String) throws {
            try FileManager.default.removeItem(at: root.appendingPathComponent(relative))
        }

        /// Builds again with the memo, then from scratch into another folder; both must hold the
        /// same files, and with `check`, report the same findings at the same lines and the same
        /// readability.
        @discardableResult
        func expectSameAsFreshBuild(
            _ step: String,
            check: Bool = false,
            sourceLocation: SourceLocation = #_sourceLocation
        ) throws -> BuildReport {
            let report = try build(check: check)
            let fresh = root.appendingPathComponent("fresh")
            defer { try? FileManager.default.removeItem(at: fresh) }
            let scratch = try PortalSite.Site.build(options(output: fresh, reuse: false, check: check))
            func findings(_ report: BuildReport) -> [String] {
                (report.diagnostics + (report.check?.diagnostics ?? [])).map(\.formatted).map {
                    $0.replacingOccurrences(of: "fresh/", with: "public/")
                }.sorted()
            }
            #expect(findings(report) == findings(scratch), "\(step)", sourceLocation: sourceLocation)
            #expect(
                report.readability.map { "\($0.page) \($0.score)" }
                    == scratch.readability.map { "\($0.page) \($0.score)" },
                "\(step)",
                sourceLocation: sourceLocation
            )
            let built = filesBelow(root.appendingPathComponent("public"))
            let full = filesBelow(fresh)
            let missing = Set(full.keys).subtracting(built.keys).sorted()
            let extra = Set(built.keys).subtracting(full.keys).sorted()
            let different = full.keys.filter { built[$0] != nil && built[$0] != full[$0] }.sorted()
            #expect(
                missing.isEmpty && extra.isEmpty && different.isEmpty,
                "\(step): missing \(missing.prefix(5)), extra \(extra.prefix(5)), different \(different.prefix(5))",
                sourceLocation: sourceLocation
            )
            return report
        }

        deinit { try? FileManager.default.removeItem(at: root) }
    }

    @Test func everyKindOfEditGivesWhatABuildFromScratchGives() throws {
        let site = try Site()
        let first = try site.build(check: true)
        #expect(first.unchangedPages == 0)
        let total = first.pagesPerLanguage.map(\.count).reduce(0, +)

        // Nothing changed: every page keeps its files.
        var report = try site.expectSameAsFreshBuild("nothing changed")
        #expect(report.unchangedPages == total - 2)  // the search pages list every page: always rendered

        // A body edit renders that page again, its translation (the language switch pairs their
        // headings) and the search pages; a finding of the check in a page taken unchanged is
        // still reported at its Markdown line.
        try site.edit("site.yml") { $0 + "\ncheck:\n  rules:\n    heading-order: warning\n" }
        try site.edit("content/self-care/triggers.md") { $0 + "\n#### A heading that skips a level\n" }
        try site.expectSameAsFreshBuild("a check finding", check: true)
        // A page the edit cannot touch stays the very published file, with its time (sync tools skip it).
        let kept = site.root.appendingPathComponent("public/certification/interviewing/index.html").path
        let before = try FileManager.default.attributesOfItem(atPath: kept)
        try site.edit("content/self-care/boundaries.md") { $0 + "\nOne more line to read.\n" }
        report = try site.expectSameAsFreshBuild("body edit", check: true)
        let after = try FileManager.default.attributesOfItem(atPath: kept)
        #expect(after[.systemFileNumber] as? Int == before[.systemFileNumber] as? Int)
        #expect(after[.modificationDate] as? Date == before[.modificationDate] as? Date)
        #expect(report.unchangedPages == total - 4)
        #expect(report.check?.warnings.contains { $0.file == "content/self-care/triggers.md" && $0.line > 1 } == true)
        #expect(report.summary(relativeTo: site.root).contains("unchanged since the last build"))

        // A new heading changes the translation's language switch, which pairs headings in order.
        try site.edit("content/self-care/boundaries.md") { $0 + "\n## One more heading\n\nText.\n" }
        try site.expectSameAsFreshBuild("heading edit")

        // A section's title shows in its pages' breadcrumbs and in the menu.
        try site.edit("content/self-care/_index.md") {
            $0.replacingOccurrences(of: "menu_title: Self-care", with: "menu_title: Caring for yourself")
        }
        report = try site.expectSameAsFreshBuild("menu title")
        #expect(report.unchangedPages < total / 2)

        // A new page, its translation, a new address that links must follow, a new order.
        try site.write(
            "content/self-care/rest.md",
            page("Rest", "Rest well. See [boundaries](boundaries.md#say-no-kindly).", extra: "weight: 5\n")
        )
        try site.expectSameAsFreshBuild("new page")
        try site.write("content/self-care/rest.es.md", page("Descanso", "Descanse bien.", extra: "slug: descanso\n"))
        try site.expectSameAsFreshBuild("new translation")
        try site.edit("content/self-care/boundaries.md") {
            $0.replacingOccurrences(of: "weight: 10\n", with: "weight: 10\nslug: limits\n")
        }
        try site.expectSameAsFreshBuild("new slug")
        try site.edit("content/self-care/rest.md") { $0.replacingOccurrences(of: "weight: 5", with: "weight: 99") }
        try site.expectSameAsFreshBuild("new weight")
        try site.delete("content/self-care/rest.es.md")
        try site.expectSameAsFreshBuild("translation deleted")
        try site.write("content/self-care/calm.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        try site.edit("content/self-care/rest.md") { $0 + "\n![A calm picture](calm.svg)\n" }
        try site.expectSameAsFreshBuild("image beside a page")

        // Theme, strings, style sheet, data, settings, static files: every page again.
        try site.edit("themes/default/layouts/partials/footer.mustache") {
            $0.replacingOccurrences(of: "</footer>", with: "<p>Built again</p></footer>")
        }
        report = try site.expectSameAsFreshBuild("footer partial")
        #expect(report.unchangedPages == 0)
        try site.edit("themes/default/i18n/en.yml") {
            $0.replacingOccurrences(of: "skip_to_content: Skip to main content", with: "skip_to_content: Skip ahead")
        }
        try site.expectSameAsFreshBuild("strings")
        try site.edit("themes/default/assets/css/site.css") { $0 + "\n/* again */\n" }
        try site.expectSameAsFreshBuild("style sheet")
        try site.edit("data/referrals.yml") { $0 + "\n# checked again\n" }
        try site.expectSameAsFreshBuild("data")
        try site.edit("site.yml") {
            $0.replacingOccurrences(of: "title: Peer Portal\n", with: "title: Peer Portal 2\n")
        }
        try site.expectSameAsFreshBuild("settings")
        try site.write("static/notes.txt", "hello\n")
        try site.expectSameAsFreshBuild("static file")
        try site.write(
            "content/self-care/warm-words.md",
            page("Warm words", "Text.", extra: "referral_category: warmline\n")
        )
        try site.expectSameAsFreshBuild("referral category page")
    }

    /// A page the build leaves unread (its file as the last build read it) still has each finding
    /// of the check at its Markdown line, found in the file when the finding needs it.
    @Test func findingsInAnUnreadPageKeepTheirLines() throws {
        let site = try Site()
        try site.edit("content/self-care/triggers.md") { $0 + "\nFor more, [click here](boundaries.md).\n" }
        try site.backdate(["content/self-care/triggers.md"])
        func vague(_ report: BuildReport) -> [String] {
            (report.check?.warnings ?? []).filter {
                $0.rule == "link-text-vague" && $0.file == "content/self-care/triggers.md"
            }.map { "\($0.line):\($0.column)" }
        }
        let first = try site.build(check: true)
        let lines = vague(first)
        let text = try String(
            contentsOf: site.root.appendingPathComponent("content/self-care/triggers.md"),
            encoding: .utf8
        )
        let expected = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
            $0.contains("[click here]")
        }.map { $0 + 1 }
        #expect(lines.count == 1 && lines.first?.hasPrefix("\(expected ?? 0):") == true, "\(lines)")
        // Nothing changed: the page's body is not read, its scan is reused, the line stays.
        #expect(vague(try site.build(check: true)) == lines)
        // The menu changed: every page is rendered again, this one from its body kept by the last
        // build and still not read, and scanned again.
        try site.edit("content/self-care/_index.md") {
            $0.replacingOccurrences(of: "menu_title: Self-care", with: "menu_title: Self-care tools")
        }
        let renamed = try site.build(check: true)
        #expect(vague(renamed) == lines)
        let scanned = (renamed.check?.pagesChecked ?? 0) - (renamed.check?.pagesReused ?? 0)
        #expect(scanned > 50, "the English pages show the menu")
    }

    /// An editor builds again and again: a page kept from the published site once (a new name of
    /// the file, which moves its change time) or found in place in the reused folder (untouched)
    /// must be known as unchanged by the next build too, and its check result reused.
    @Test func pagesStayUnchangedBuildAfterBuild() throws {
        let site = try Site()
        let first = try site.build(check: true)
        let total = first.pagesPerLanguage.map(\.count).reduce(0, +)
        var reusedScans: Int?
        for edit in 1...4 {
            try site.edit("content/self-care/boundaries.md") { $0 + "\nEdit number \(edit).\n" }
            let report = try site.build(check: true)
            // The page, its translation (paired headings) and the two search pages.
            #expect(report.unchangedPages == total - 4, "edit \(edit)")
            let reused = try #require(report.check?.pagesReused)
            #expect(reused > total / 2, "edit \(edit)")
            #expect(reused == reusedScans ?? reused, "edit \(edit)")
            reusedScans = reused
        }
        try site.expectSameAsFreshBuild("after four edits", check: true)
    }

    /// The memo and the check's scans are written in chunks of 256 pages, read on every core: with
    /// 600 more pages, each chunk comes back whole and in order (a page lost would be rendered or
    /// scanned again).
    @Test func memosOfSeveralChunksAreReadWhole() throws {
        let site = try Site()
        for number in 1...600 {
            try site.write("content/bulk/page-\(number).md", "---\ntitle: Bulk page \(number)\n---\nA line of text.\n")
        }
        try site.write("content/bulk/_index.md", "---\ntitle: Bulk\n---\nMany pages.\n")
        try site.backdate((1...600).map { "content/bulk/page-\($0).md" } + ["content/bulk/_index.md"])
        let first = try site.build(check: true)
        let total = first.pagesPerLanguage.map(\.count).reduce(0, +)
        try site.edit("content/bulk/page-300.md") { $0 + "\nEdited.\n" }
        let report = try site.build(check: true)
        // The page, the section listing it, and the two search pages.
        #expect(report.unchangedPages >= total - 4, "\(report.unchangedPages) of \(total)")
        let scanned = try #require(first.check?.pagesChecked)
        #expect(try #require(report.check?.pagesReused) >= scanned - 4, "scans of \(scanned) pages")
        try site.expectSameAsFreshBuild("after an edit in memos of several chunks", check: true)
    }

    /// The memo describes what `public/` holds: a failed build leaves both as they were, a file
    /// changed by hand in `public/` is written again, and `--no-cache` neither reads nor writes it.
    @Test func theMemoNeverOutlivesWhatItDescribes() throws {
        let site = try Site()
        try site.build()
        let memo = site.root.appendingPathComponent(".cache/build-pages.bin")
        let kept = try Data(contentsOf: memo)

        try site.edit("content/self-care/triggers.md") { $0 + "\nSee [nothing](missing.md).\n" }
        #expect(throws: BuildFailure.self) { try site.build() }
        #expect(try Data(contentsOf: memo) == kept)
        // With the check, the site is written and read back before the build fails: the memo,
        // written beside the check, is dropped with the staging folder.
        #expect(throws: BuildFailure.self) { try site.build(check: true) }
        #expect(try Data(contentsOf: memo) == kept)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: memo.deletingLastPathComponent().path)
                .filter { $0.hasPrefix(".build-pages") }.isEmpty
        )
        try site.edit("content/self-care/triggers.md") {
            $0.replacingOccurrences(of: "\nSee [nothing](missing.md).\n", with: "\nFixed.\n")
        }
        try site.expectSameAsFreshBuild("after a failed build")

        let page = site.root.appendingPathComponent("public/self-care/boundaries/index.html")
        try Data("changed by hand".utf8).write(to: page)
        let report = try site.expectSameAsFreshBuild("a published file changed by hand")
        #expect(try String(contentsOf: page, encoding: .utf8).contains("<html"))
        #expect(report.unchangedPages > 0)

        // A link put in place of a published page, even to the same bytes, is not kept.
        let copy = site.root.appendingPathComponent("same-bytes.html")
        try FileManager.default.copyItem(at: page, to: copy)
        try FileManager.default.removeItem(at: page)
        try FileManager.default.createSymbolicLink(at: page, withDestinationURL: copy)
        try site.expectSameAsFreshBuild("a published page replaced by a link")
        #expect(
            try FileManager.default.attributesOfItem(atPath: page.path)[.type] as? FileAttributeType == .typeRegular
        )

        try FileManager.default.removeItem(at: memo)
        _ = try PortalSite.Site.build(site.options(reuse: false))
        #expect(!FileManager.default.fileExists(atPath: memo.path))

        try Data("not a memo".utf8).write(to: memo)
        try site.expectSameAsFreshBuild("a damaged memo")
    }

    /// Random edits (seeded, so a failure can be replayed), each compared with a build from scratch.
    @Test(arguments: [20_261_206, 11])
    func randomEditsGiveWhatABuildFromScratchGives(seed: UInt64) throws {
        let site = try Site()
        try site.build()
        var random = SeededRandom(seed: seed)
        let pages = try FileManager.default.subpathsOfDirectory(
            atPath: site.root.appendingPathComponent("content").path
        )
        .filter { $0.hasSuffix(".md") && !$0.hasPrefix("request") }.sorted()
        for step in 0..<10 {
            let target = "content/" + pages[Int(random.next() % UInt64(pages.count))]
            var description = "step \(step): "
            switch random.next() % 4 {
            case 0:
                description += "body of \(target)"
                try site.edit(target) { $0 + "\nAdded in step \(step).\n" }
            case 1:
                description += "title of \(target)"
                try site.edit(target) { $0.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: Step \(step) ") }
            case 2:
                description += "description of \(target)"
                try site.edit(target) { $0.replacingOccurrences(of: "\ndescription: ", with: "\ndescription: Now ") }
            default:
                let folder = (target as NSString).deletingLastPathComponent
                description += "new page in \(folder)"
                try site.write(
                    "\(folder)/added-\(step).md",
                    page("Added \(step)", "New in step \(step). [Home](/_index.md)", extra: "weight: \(step)\n")
                )
            }
            try site.expectSameAsFreshBuild("seed \(seed), \(description)")
        }
    }
}
