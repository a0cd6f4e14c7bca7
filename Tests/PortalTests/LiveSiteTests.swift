import Foundation
import PortalSite
import Testing

/// `portal serve` rebuilds only what a change affects; after every edit its files must equal
/// those of a fresh `portal build` of the same sources. These tests copy the real site (content,
/// data, static files and the default theme) and edit it step by step.
@Suite(.serialized) struct LiveSiteTests {
    /// A copy of the repository's site in a temporary folder.
    final class Copy {
        let root: URL
        let live: LiveSite

        init() throws {
            root = try repositorySiteCopy("portal-live")
            live = LiveSite(options: Self.options(root))
        }

        static func options(_ root: URL, output: URL? = nil) -> BuildOptions {
            BuildOptions(
                configFile: root.appendingPathComponent("site.yml"),
                outputOverride: output,
                baseURLOverride: "http://127.0.0.1:1313/peer/",
                today: .init(year: 2026, month: 11, day: 24),
                check: false
            )
        }

        func path(_ relative: String) -> String { root.appendingPathComponent(relative).standardizedFileURL.path }

        func text(_ relative: String) throws -> String {
            try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
        }

        /// Writes a file and tells the live site, as the watcher would.
        @discardableResult
        func write(_ relative: String, _ text: String) throws -> LiveSite.Update {
            let existed = FileManager.default.fileExists(atPath: path(relative))
            let file = root.appendingPathComponent(relative)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try Data(text.utf8).write(to: file)
            return live.rebuild(SourceChanges(paths: [path(relative)], structural: !existed))
        }

        @discardableResult
        func edit(_ relative: String, _ change: (String) -> String) throws -> LiveSite.Update {
            try write(relative, change(try text(relative)))
        }

        @discardableResult
        func delete(_ relative: String) throws -> LiveSite.Update {
            try FileManager.default.removeItem(at: root.appendingPathComponent(relative))
            return live.rebuild(SourceChanges(paths: [path(relative)], structural: true))
        }

        /// Every served file with its bytes.
        func served() -> [String: Data] {
            let snapshot = live.snapshot()
            var files = snapshot.files
            for (path, source) in snapshot.copies { files[path] = FileManager.default.contents(atPath: source.path) }
            return files
        }

        /// A full build of the same sources into a fresh folder.
        func fullBuild() throws -> [String: Data] {
            let output = root.appendingPathComponent("fresh-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: output) }
            _ = try Site.build(Self.options(root, output: output))
            return filesBelow(output)
        }

        func expectSameAsFullBuild(_ step: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            #expect(
                live.snapshot().errors.isEmpty,
                "\(step): \(live.snapshot().errors.map(\.formatted))",
                sourceLocation: sourceLocation
            )
            let served = served()
            let full = try fullBuild()
            let missing = Set(full.keys).subtracting(served.keys).sorted()
            let extra = Set(served.keys).subtracting(full.keys).sorted()
            let different = full.keys.filter { served[$0] != nil && served[$0] != full[$0] }.sorted()
            #expect(
                missing.isEmpty && extra.isEmpty && different.isEmpty,
                "\(step): missing \(missing.prefix(5)), extra \(extra.prefix(5)), different \(different.prefix(5))",
                sourceLocation: sourceLocation
            )
        }

        deinit { try? FileManager.default.removeItem(at: root) }
    }

    @Test func everyKindOfEditGivesWhatAFullBuildGives() throws {
        let site = try Copy()
        let first = site.live.rebuild()
        #expect(!first.failed)
        #expect(first.renderedPages == first.totalPages)
        try site.expectSameAsFullBuild("first build")

        // A body edit renders that page again, not the site.
        var update = try site.edit("content/self-care/boundaries.md") { $0 + "\nOne more line to read.\n" }
        #expect(update.renderedPages == 1)
        #expect(update.changedPaths == ["self-care/boundaries/index.html"])
        try site.expectSameAsFullBuild("body edit")

        // Words above the Sources list are searched: the index changes with them.
        update = try site.edit("content/self-care/boundaries.md") {
            $0.replacingOccurrences(of: "\n## Sources", with: "\nWords to find again.\n\n## Sources")
        }
        #expect(update.changedPaths == ["search-index/en.json", "self-care/boundaries/index.html"])
        let index = String(decoding: site.served()["search-index/en.json"] ?? Data(), as: UTF8.self)
        #expect(index.contains("Words to find again."))
        try site.expectSameAsFullBuild("body edit")

        // A new heading changes the translation's language switch, which pairs headings in order.
        update = try site.edit("content/self-care/boundaries.md") { $0 + "\n## One more heading\n\nText.\n" }
        #expect(update.renderedPages == 2)
        #expect(update.changedPaths.contains("es/autocuidado/limites/index.html"))
        try site.expectSameAsFullBuild("heading edit")

        // A section's title shows in its pages' breadcrumbs and in the menu.
        update = try site.edit("content/self-care/_index.md") {
            $0.replacingOccurrences(of: "menu_title: Self-care", with: "menu_title: Caring for yourself")
        }
        #expect(update.renderedPages > 1)
        try site.expectSameAsFullBuild("menu title")
        try site.edit("content/self-care/_index.md") {
            $0.replacingOccurrences(of: "title: Self-care tools", with: "title: Tools for self-care")
        }
        try site.expectSameAsFullBuild("section title")

        // A new page, then its translation, then a change of address that links must follow.
        update = try site.write(
            "content/self-care/rest.md",
            page("Rest", "Rest well. See [boundaries](boundaries.md#say-no-kindly).", extra: "weight: 5\n")
        )
        #expect(update.renderedPages < update.totalPages)
        try site.expectSameAsFullBuild("new page")
        try site.write("content/self-care/rest.es.md", page("Descanso", "Descanse bien.", extra: "slug: descanso\n"))
        try site.expectSameAsFullBuild("new translation")
        try site.edit("content/self-care/boundaries.md") {
            $0.replacingOccurrences(of: "weight: 10\n", with: "weight: 10\nslug: limits\n")
        }
        try site.expectSameAsFullBuild("new slug")
        try site.edit("content/self-care/rest.md") { $0.replacingOccurrences(of: "weight: 5", with: "weight: 99") }
        try site.expectSameAsFullBuild("new weight")
        try site.delete("content/self-care/rest.es.md")
        try site.expectSameAsFullBuild("translation deleted")

        // An image beside a page, linked from it.
        try site.write("content/self-care/calm.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        try site.edit("content/self-care/rest.md") { $0 + "\n![A calm picture](calm.svg)\n" }
        try site.expectSameAsFullBuild("image")

        // Theme: one partial, the strings, a style sheet; then data and the settings.
        update = try site.edit("themes/default/layouts/partials/footer.mustache") {
            $0.replacingOccurrences(of: "</footer>", with: "<p>Preview</p></footer>")
        }
        #expect(update.renderedPages == update.totalPages)
        try site.expectSameAsFullBuild("footer partial")
        update = try site.edit("themes/default/layouts/self-check.mustache") { $0 + "\n" }
        #expect(update.renderedPages >= 1 && update.renderedPages < update.totalPages)
        try site.expectSameAsFullBuild("one layout")
        try site.edit("themes/default/i18n/en.yml") {
            $0.replacingOccurrences(
                of: "skip_to_content: Skip to main content",
                with: "skip_to_content: Skip to the content"
            )
        }
        try site.expectSameAsFullBuild("strings")
        try site.edit("themes/default/assets/css/site.css") { $0 + "\n/* preview */\n" }
        try site.expectSameAsFullBuild("style sheet")
        try site.edit("data/referrals.yml") { $0 + "\n# checked again\n" }
        try site.expectSameAsFullBuild("data")
        try site.edit("site.yml") {
            $0.replacingOccurrences(of: "title: Peer Portal\n", with: "title: Peer Portal preview\n")
        }
        try site.expectSameAsFullBuild("settings")
        try site.write("static/notes.txt", "hello\n")
        try site.expectSameAsFullBuild("static file")
        try site.delete("static/notes.txt")
        try site.expectSameAsFullBuild("static file deleted")

        // Another page claims a referral category: the directory's link to it changes everywhere.
        try site.write(
            "content/self-care/warm-words.md",
            page("Warm words", "Text.", extra: "referral_category: warmline\n")
        )
        try site.expectSameAsFullBuild("referral category page")
    }

    @Test func aFailedRebuildIsNotForgottenByTheNextEdit() throws {
        let site = try Copy()
        _ = site.live.rebuild()
        // A new page with a broken link fails; editing another page's text must not hide that.
        var update = try site.write("content/self-care/new.md", page("New", "See [nothing](missing.md)."))
        #expect(update.failed)
        update = try site.edit("content/self-care/triggers.md") { $0 + "\nMore text.\n" }
        #expect(update.failed)
        #expect(site.live.snapshot().errors.contains { $0.file == "content/self-care/new.md" })
        try site.delete("content/self-care/new.md")
        try site.expectSameAsFullBuild("broken page removed")

        // A link to a heading that does not exist yet fails; adding the heading shows the new link.
        update = try site.edit("content/self-care/triggers.md") {
            $0 + "\nSee [scripts](boundaries.md#scripts-for-today).\n"
        }
        #expect(update.failed)
        update = try site.edit("content/self-care/boundaries.md") { $0 + "\n## Scripts for today\n\nSay it kindly.\n" }
        #expect(!update.failed)
        try site.expectSameAsFullBuild("heading added")
        #expect(
            String(decoding: site.served()["self-care/triggers/index.html"] ?? Data(), as: UTF8.self).contains(
                "#scripts-for-today"
            )
        )
    }

    /// Random edits (seeded, so a failure can be replayed), each compared with a full build.
    @Test(arguments: [20_261_124, 7])
    func randomEditsGiveWhatAFullBuildGives(seed: UInt64) throws {
        let site = try Copy()
        _ = site.live.rebuild()
        var random = SeededRandom(seed: seed)
        let pages = try FileManager.default.subpathsOfDirectory(
            atPath: site.root.appendingPathComponent("content").path
        )
        .filter { $0.hasSuffix(".md") && !$0.hasPrefix("request") }.sorted()
        var added: [String] = []
        for step in 0..<12 {
            let target = "content/" + pages[Int(random.next() % UInt64(pages.count))]
            let action = random.next() % 6
            var description = "step \(step): "
            switch action {
            case 0:
                description += "body of \(target)"
                try site.edit(target) { $0 + "\nAdded in step \(step).\n" }
            case 1:
                description += "title of \(target)"
                try site.edit(target) { $0.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: Step \(step) ") }
            case 2:
                description += "weight of \(target)"
                try site.edit(target) { text in
                    text.contains("\nweight: ")
                        ? text.replacingOccurrences(of: "\nweight: ", with: "\nweight: 1\(step)")
                        : text.replacingOccurrences(of: "\ntitle: ", with: "\nweight: \(step + 1)\ntitle: ")
                }
            case 3:
                let folder = (target as NSString).deletingLastPathComponent
                let name = "\(folder)/added-\(step).md"
                description += "new page \(name)"
                try site.write(
                    name,
                    page("Added \(step)", "New in step \(step). [Home](/_index.md)", extra: "weight: \(step)\n")
                )
                added.append(name)
            case 4:
                if let name = added.popLast() {
                    description += "delete \(name)"
                    try site.delete(name)
                } else {
                    description += "description of \(target)"
                    try site.edit(target) {
                        $0.replacingOccurrences(of: "\ndescription: ", with: "\ndescription: Now ")
                    }
                }
            default:
                description += "menu title of \(target)"
                // A page that has a menu title gets a new one (two would be a YAML error).
                try site.edit(target) { text in
                    text.contains("\nmenu_title: ")
                        ? text.replacingOccurrences(of: "\nmenu_title: ", with: "\nmenu_title: Step \(step) ")
                        : text.replacingOccurrences(of: "\ntitle: ", with: "\nmenu_title: Step \(step)\ntitle: ")
                }
            }
            try site.expectSameAsFullBuild("seed \(seed), \(description)")
        }
    }

    @Test func anErrorIsShownThenFixedAndNothingIsLost() throws {
        let site = try Copy()
        _ = site.live.rebuild()
        let good = try site.text("content/self-care/triggers.md")

        // Broken front matter: the update names the file and line; the last good files stay.
        var update = try site.write(
            "content/self-care/triggers.md",
            good.replacingOccurrences(of: "title: ", with: "title: [unclosed\nweight: first\n#")
        )
        #expect(update.failed)
        #expect(update.everything)
        let errors = site.live.snapshot().errors
        #expect(errors.contains { $0.file == "content/self-care/triggers.md" && $0.line > 1 })
        #expect(site.live.snapshot().files["self-care/triggers/index.html"] != nil)

        // A link to a heading that is gone is an error too, found in the page that links.
        try site.write("content/self-care/triggers.md", good)
        update = try site.edit("content/self-care/boundaries.md") {
            $0.replacingOccurrences(of: "## Share your story with care", with: "## Share your story")
        }
        #expect(update.failed)
        #expect(
            site.live.snapshot().errors.contains {
                $0.rule == "broken-anchor" && $0.file == "content/certification/interviewing.md"
            }
        )

        // Fixed: the site is whole again and every open page reloads.
        update = try site.edit("content/self-care/boundaries.md") {
            $0.replacingOccurrences(of: "## Share your story\n", with: "## Share your story with care\n")
        }
        #expect(!update.failed)
        #expect(update.everything)
        try site.expectSameAsFullBuild("after the fix")
    }
}

/// A small deterministic generator (SplitMix64), so a failing sequence can be replayed.
struct SeededRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
