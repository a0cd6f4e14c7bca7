import Foundation
import PortalConfig
import PortalContent
import PortalMarkdown
import PortalReferrals
import PortalTheme
import PortalYAML

/// What every template sees, for one page. All URLs are relative to the page (or, for pages
/// served at unknown paths such as 404, absolute paths under the base URL).
/// The keys are listed in docs/ARCHITECTURE.md ("Template data").
/// A class: the closures made for every page (`link`, the menu's) capture it, and a struct of
/// the whole site was copied into each of them (4% of a build's CPU in retains and releases).
final class TemplateContext {
    let config: SiteConfig
    let content: ContentSite
    let bodies: [RenderedBody]
    let assets: [PublishedAsset]
    /// Values that are the same on every page of a language, converted once.
    let shared: [String: [String: Any]]
    /// The main menu is the same list on most pages: built once per language, folder depth and
    /// highlighted entry (building it per page made large sites quadratic in their sections).
    let menuCache = MenuCache()
    /// The menu's site paths per language (the home page's children).
    let menuAreas: [String: [String]]
    /// Named pages (`links.request`) as site paths, per language.
    let links: [String: [String: String]]
    let referrals: ReferralPages?

    init(
        config: SiteConfig,
        content: ContentSite,
        bodies: [RenderedBody],
        assets: [PublishedAsset],
        theme: Theme,
        links: [String: [String: String]],
        referrals: ReferralPages?
    ) {
        self.links = links
        self.referrals = referrals
        var areas: [String: [String]] = [:]
        for language in config.languages {
            areas[language.code] =
                content.home(language: language.code)?.children.filter { Self.inMenu(content.pages[$0]) }
                .map { content.pages[$0].url } ?? []
        }
        self.menuAreas = areas
        self.config = config
        self.content = content
        self.bodies = bodies
        self.assets = assets
        var data: [String: Any] = [:]
        for (name, file) in content.data { Self.insert(file.root.templateValue, at: name, into: &data) }
        let configValue = config.raw.templateValue
        var shared: [String: [String: Any]] = [:]
        let fallback = theme.strings[config.defaultLanguage.code]
        for language in config.languages {
            var strings = fallback ?? YAMLNode(.mapping([]), line: 0, column: 0)
            if let own = theme.strings[language.code] { strings = strings.overlaid(with: own) }
            shared[language.code] = [
                "data": data,
                "config": configValue,
                "lang_config": language.params?.templateValue ?? [String: Any](),
                "t": strings.templateValue,
            ]
        }
        self.shared = shared
    }

    /// `a/b` data file names nest: `data.a.b`.
    private static func insert(_ value: Any, at name: String, into data: inout [String: Any]) {
        let parts = name.split(separator: "/").map(String.init)
        guard let first = parts.first else { return }
        if parts.count == 1 {
            data[first] = value
        } else {
            var inner = data[first] as? [String: Any] ?? [:]
            insert(value, at: parts.dropFirst().joined(separator: "/"), into: &inner)
            data[first] = inner
        }
    }

    /// `listed`: the part of `page.pages` this list page shows (a long list split into pages);
    /// only those children are summarised, not the whole list once per list page.
    func context(
        for page: Page,
        at location: String? = nil,
        listed: Range<Int>? = nil,
        absolutePaths: Bool = false
    ) -> [String: Any] {
        let here = location ?? page.url
        let basePath = config.basePath
        let link: (String) -> String = { target in
            absolutePaths ? basePath + target : SitePath.relative(from: here, to: target)
        }
        let language = config.language(page.language) ?? config.defaultLanguage
        var context = shared[language.code] ?? [:]
        context["lang"] = language.code
        context["lang_name"] = language.name
        context["root"] = link("")
        context["home_url"] = link(content.home(language: language.code)?.url ?? "")
        context["site"] =
            [
                "title": language.title,
                "description": language.description,
                "base_url": config.baseURL,
                "intake_url": config.intakeURL,
                "languages": config.languages.map { other in
                    [
                        "code": other.code, "name": other.name, "is_current": other.code == language.code,
                        "url": link(content.home(language: other.code)?.url ?? ""),
                    ] as [String: Any]
                },
            ] as [String: Any]
        var namedLinks: [String: Any] = [:]
        for (name, path) in links[language.code] ?? [:] { namedLinks[name] = link(path) }
        context["links"] = namedLinks
        var assetURLs: [String: Any] = [:]
        for asset in assets { assetURLs[asset.key] = link(asset.output) }
        context["assets"] = assetURLs
        context["page"] = pageValue(page, listed: listed, link: link)
        context["menu"] = menuCache.menu(
            language: language.code,
            areas: menuAreas[language.code] ?? [],
            current: page.url,
            linkStyle: absolutePaths ? -1 : SitePath.depth(here)
        ) {
            self.menu(language: language.code, current: page, link: link)
        }
        let crumbs = breadcrumbs(page, link: link)
        context["breadcrumbs"] = crumbs
        context["has_breadcrumbs"] = !crumbs.isEmpty
        let alternates = alternates(page)
        context["alternates"] = alternates.map { index in
            ["lang": content.pages[index].language, "href": config.baseURL + content.pages[index].url] as [String: Any]
        }
        context["has_alternates"] = alternates.count > 1
        context["language_switch"] = languageSwitch(page, link: link)
        if let referrals {
            let value = referrals.templateValue(
                language: language.code,
                fallback: config.defaultLanguage.code,
                link: link
            )
            context["referrals"] = value
            if let category = page.frontMatter.params("referral_category"),
                let categories = value["categories"] as? [[String: Any]]
            {
                context["referral_category"] = categories.first { $0["id"] as? String == category } ?? [String: Any]()
            }
        }
        return context
    }

    func pageValue(_ page: Page, listed: Range<Int>? = nil, link: (String) -> String) -> [String: Any] {
        let body = bodies[page.index]
        let matter = page.frontMatter
        let toc = tableOfContents(body.headings)
        var value: [String: Any] = [
            "title": matter.title,
            "description": matter.description,
            "has_description": !matter.description.isEmpty,
            "url": link(page.url),
            "permalink": config.baseURL + page.url,
            "content": body.html,
            "main_content": body.main,
            "sources_content": body.sources,
            "has_sources": !body.sources.isEmpty,
            "toc": toc,
            "has_toc": body.headings.filter { $0.level == 2 }.count >= 3,
            "kind": page.kind.rawValue,
            "is_home": page.kind == .home,
            "is_section": page.kind == .section,
            "is_taxonomy": page.kind == .taxonomy,
            "is_term": page.kind == .term,
            "layout": matter.layout ?? page.kind.rawValue,
            "source": page.displayPath,
            "topics": matter.topics,
            "has_topics": !matter.topics.isEmpty,
            "params": matter.raw?.templateValue ?? [String: Any](),
            "lang": page.language,
        ]
        if let date = matter.date { value["date"] = date.description }
        if let updated = matter.updated { value["updated"] = updated.description }
        if let reviewed = matter.reviewed ?? matter.updated {
            value["reviewed"] = reviewed.description
            value["reviewed_text"] = DateText.long(reviewed, language: page.language)
        }
        let children = page.children[listed ?? page.children.indices].map { summary(content.pages[$0], link: link) }
        value["pages"] = children
        value["has_pages"] = !children.isEmpty
        let topicLinks = topicLinks(page, link: link)
        value["topic_links"] = topicLinks
        value["has_topic_links"] = !topicLinks.isEmpty
        return value
    }

    /// A content page's terms linked to their term pages, one group per taxonomy (`label`:
    /// "Topics", `terms[]`: `name`, `url`), so no term page is reached only through the list of terms.
    func topicLinks(_ page: Page, link: (String) -> String) -> [[String: Any]] {
        guard page.kind != .taxonomy && page.kind != .term else { return [] }
        let language = config.language(page.language) ?? config.defaultLanguage
        let strings = shared[language.code]?["t"] as? [String: Any] ?? [:]
        return config.hugo.taxonomies.compactMap { _, plural in
            var seen: Set<String> = []
            let terms: [[String: Any]] = (TaxonomyPages.termNames(page, key: plural) ?? []).compactMap { name in
                guard
                    let url = TaxonomyPages.termURL(name, plural: plural, language: language.code, config: config),
                    content.pageByURL[url] != nil, seen.insert(url).inserted
                else { return nil }
                return ["name": name, "url": link(url)]
            }
            guard !terms.isEmpty else { return nil }
            let label = strings["taxonomy_" + plural] as? String ?? plural.prefix(1).uppercased() + plural.dropFirst()
            return ["taxonomy": plural, "label": label, "terms": terms]
        }
    }

    func summary(_ page: Page, link: (String) -> String) -> [String: Any] {
        var value: [String: Any] = [
            "title": page.frontMatter.title,
            "description": page.frontMatter.description,
            "has_description": !page.frontMatter.description.isEmpty,
            "url": link(page.url),
            "is_section": page.kind == .section,
            "params": page.frontMatter.raw?.templateValue ?? [String: Any](),
        ]
        if let updated = page.frontMatter.updated ?? page.frontMatter.date { value["updated"] = updated.description }
        if let date = page.frontMatter.date {
            value["date"] = date.description
            value["date_text"] = DateText.long(date, language: page.language)
        }
        if page.kind == .term { value["count"] = page.children.count }
        return value
    }

    /// Level-2 headings with their level-3 headings beneath them.
    func tableOfContents(_ headings: [Heading]) -> [[String: Any]] {
        var entries: [[String: Any]] = []
        var children: [[String: Any]] = []
        var current: [String: Any]?
        func flush() {
            guard var entry = current else { return }
            entry["children"] = children
            entry["has_children"] = !children.isEmpty
            entries.append(entry)
            children = []
        }
        for heading in headings where heading.level == 2 || heading.level == 3 {
            let item: [String: Any] = ["id": heading.id, "text": heading.text, "level": heading.level]
            if heading.level == 2 {
                flush()
                current = item
            } else if current != nil {
                children.append(item)
            }
        }
        flush()
        return entries
    }

    /// `in_menu: false` in front matter keeps a page out of the main menu (the search page, which
    /// the header links to already).
    static func inMenu(_ page: Page) -> Bool { page.frontMatter.raw?["in_menu"]?.bool != false }

    /// The home page's children in this language: the site's main areas.
    func menu(language: String, current: Page, link: (String) -> String) -> [[String: Any]] {
        guard let home = content.home(language: language) else { return [] }
        let currentURL = current.url
        return home.children.filter { Self.inMenu(content.pages[$0]) }.map { index in
            let area = content.pages[index]
            let isCurrent = currentURL == area.url
            return [
                "title": area.frontMatter.params("menu_title") ?? area.frontMatter.title,
                "url": link(area.url),
                "is_current": isCurrent,
                "is_active": isCurrent || currentURL.hasPrefix(area.url),
            ] as [String: Any]
        }
    }

    func breadcrumbs(_ page: Page, link: (String) -> String) -> [[String: Any]] {
        var trail: [[String: Any]] = []
        var next = page.parentSection
        while let index = next {
            let section = content.pages[index]
            trail.insert(["title": section.frontMatter.title, "url": link(section.url)], at: 0)
            next = section.parentSection
        }
        if page.kind != .home, let home = content.home(language: page.language),
            trail.first?["url"] as? String != link(home.url)
        {
            trail.insert(["title": home.frontMatter.title, "url": link(home.url)], at: 0)
        }
        return page.kind == .home ? [] : trail
    }

    /// This page and its translations, in the config's language order (for `hreflang`).
    func alternates(_ page: Page) -> [Int] {
        config.languages.compactMap { language in
            language.code == page.language ? page.index : page.translations[language.code]
        }
    }

    /// For each other language: the translation, or else the nearest translated section, saying so.
    func languageSwitch(_ page: Page, link: (String) -> String) -> [[String: Any]] {
        config.languages.filter { $0.code != page.language }.map { language in
            var target = page.translations[language.code]
            var ancestor = page.parentSection
            while target == nil, let index = ancestor {
                target = content.pages[index].translations[language.code]
                ancestor = content.pages[index].parentSection
            }
            let url = target.map { content.pages[$0].url } ?? content.home(language: language.code)?.url ?? ""
            return [
                "lang": language.code, "name": language.name, "url": link(url),
                "is_translation": page.translations[language.code] != nil,
                "anchors": page.translations[language.code].flatMap { sectionPairs(page.index, $0) } ?? false,
            ] as [String: Any]
        }
    }

    /// "a b|x y": this page's heading ids, then the translation's, paired in order, so the switch
    /// can go to the same section (site.js). Only when both have the same headings at the same
    /// levels: otherwise the order says nothing, and the switch goes to the top.
    func sectionPairs(_ page: Int, _ translation: Int) -> String? {
        let own = bodies[page].headings, theirs = bodies[translation].headings
        guard !own.isEmpty, own.map(\.level) == theirs.map(\.level) else { return nil }
        return own.map(\.id).joined(separator: " ") + "|" + theirs.map(\.id).joined(separator: " ")
    }
}

extension FrontMatter {
    /// Any front matter key as text, e.g. `menu_title`.
    func params(_ key: String) -> String? { raw?[key]?.text }
}

/// Menus already built, keyed by what makes them differ between pages: the language, how
/// links are written (the page's folder depth), and which entries are highlighted.
final class MenuCache: @unchecked Sendable {
    private let lock = NSLock()
    private var menus: [String: [[String: Any]]] = [:]

    /// `areas` are the menu's site paths; `linkStyle` is the folder depth, or -1 for absolute links.
    func menu(
        language: String,
        areas: [String],
        current: String,
        linkStyle: Int,
        build: () -> [[String: Any]]
    ) -> [[String: Any]] {
        var key = "\(language)|\(linkStyle)|"
        for (index, area) in areas.enumerated() where current.hasPrefix(area) {
            key += current == area ? "=\(index)" : "+\(index)"
        }
        lock.lock()
        if let menu = menus[key] {
            lock.unlock()
            return menu
        }
        lock.unlock()
        let menu = build()
        lock.lock()
        menus[key] = menu
        lock.unlock()
        return menu
    }
}
