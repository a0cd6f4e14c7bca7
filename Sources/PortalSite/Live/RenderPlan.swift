import PortalContent
import PortalSupport
import PortalYAML

/// Which pages `portal serve` must render again after a change. A page's HTML shows, besides
/// its own front matter and body, what other pages show of themselves (title, description,
/// address...) in its section list, breadcrumbs, menu, language switch and `hreflang` links;
/// every template datum in `TemplateContext` comes from one of the places compared here.
/// `LiveSiteTests` checks the result against full builds after many kinds of edits.
struct RenderPlan {
    /// What other pages show of a page (its front matter, address and kind), as a digest: `BuildMemo`
    /// keeps it on disk for the next build.
    typealias Shown = String

    /// Where a page sits: its section, its pages, its translations (all by source path).
    struct Place: Equatable {
        var parent: String?
        var children: [String]
        var translations: [String: String]
    }

    struct Snapshot {
        var shown: [String: Shown] = [:]
        var place: [String: Place] = [:]
        var layout: [String: String] = [:]
    }

    static func snapshot(_ content: ContentSite) -> Snapshot {
        var snapshot = Snapshot()
        let pages = content.pages
        // Digests on all cores: a 10,000-page site's front matter is a few megabytes.
        let digests = pages.parallelMap { page in
            var shown = StableDigest()
            shown.add(page.frontMatter.raw)
            shown.add(page.url)
            shown.add(page.kind.rawValue)
            return shown.hex
        }
        // By index: copying each page (a large value) would cost more than the rest.
        for (index, digest) in zip(pages.indices, digests) {
            let source = pages[index].sourcePath
            snapshot.shown[source] = digest
            snapshot.place[source] = Place(
                parent: pages[index].parentSection.map { pages[$0].sourcePath },
                children: pages[index].children.map { pages[$0].sourcePath },
                translations: pages[index].translations.mapValues { pages[$0].sourcePath }
            )
            snapshot.layout[source] = LayoutCheck.layoutName(for: pages[index])
        }
        return snapshot
    }

    /// Indices of the pages to render, given what they were made from last time.
    /// `changedBodies` are pages whose body HTML was made anew; `changedLayouts` are templates
    /// that changed or use a template that changed.
    static func pagesToRender(
        previous: Snapshot,
        current: Snapshot,
        content: ContentSite,
        changedBodies: Set<String>,
        changedLayouts: Set<String>
    ) -> [Int] {
        let pages = content.pages
        let changedShown = Set(
            current.shown.compactMap { source, shown in previous.shown[source] == shown ? nil : source }
        )
        let homes = pages.filter { $0.kind == .home }
        let anyHomeChanged = homes.contains { changedShown.contains($0.sourcePath) }
        // The menu is the home page's children: its list and what they show.
        var menuChanged: [String: Bool] = [:]
        for home in homes {
            let source = home.sourcePath
            menuChanged[home.language] =
                previous.place[source]?.children != current.place[source]?.children
                || home.children.contains { changedShown.contains(pages[$0].sourcePath) }
        }

        func mustRender(_ page: Page) -> Bool {
            let source = page.sourcePath
            if anyHomeChanged || menuChanged[page.language] == true { return true }
            if changedShown.contains(source) || changedBodies.contains(source) { return true }
            if previous.place[source] != current.place[source] { return true }
            if let layout = current.layout[source], changedLayouts.contains(layout) { return true }
            if page.children.contains(where: { changedShown.contains(pages[$0].sourcePath) }) { return true }
            if page.translations.values.contains(where: { changedShown.contains(pages[$0].sourcePath) }) { return true }
            // The language switch pairs this page's headings with its translation's.
            if page.translations.values.contains(where: { changedBodies.contains(pages[$0].sourcePath) }) {
                return true
            }
            // Breadcrumbs and the language switch walk up the sections.
            var next = page.parentSection
            while let index = next {
                let ancestor = pages[index]
                let before = previous.place[ancestor.sourcePath]
                let now = current.place[ancestor.sourcePath]
                if changedShown.contains(ancestor.sourcePath) || before?.parent != now?.parent
                    || before?.translations != now?.translations
                    || ancestor.translations.values.contains(where: { changedShown.contains(pages[$0].sourcePath) })
                {
                    return true
                }
                next = ancestor.parentSection
            }
            return false
        }
        return pages.filter(mustRender).map(\.index)
    }
}
