import Foundation
import PortalConfig
import PortalContent
import PortalForms
import PortalSupport
import PortalTheme

/// Steps 4 and 5: every output file's bytes, written with the assets into the staging folder.
enum PageOutput {
    struct File: Sendable {
        var path: String
        var data: Data
    }

    /// Steps 4 and 5 together: every page rendered through its layout and written on the same
    /// thread, then the site-wide files. Writing waits on the file system (alone it kept one of
    /// two cores idle), so rendering the next page fills that time; no page's HTML waits in memory
    /// for the others. The staging folder swaps in only if everything was written and
    /// `beforeSwap` (the check), given the staging folder and each page's files, does not throw.
    static func renderAndWrite(
        content: ContentSite,
        theme: Theme,
        templates: TemplateContext,
        aliases: [AliasPages.Alias],
        config: SiteConfig,
        forms: FormPages,
        assets: [PublishedAsset],
        staticFiles: [(source: URL, path: String)],
        writer: OutputWriter,
        reused: @escaping @Sendable (Page) -> [BuildMemo.OutputFile]? = { _ in nil },
        indexedWords: IndexedWords? = nil,
        progress: @escaping @Sendable () -> Void,
        beforeSwap: (URL, [[BuildMemo.OutputFile]]) throws -> Void = { _, _ in }
    ) throws {
        let timer = StepTimer()
        do {
            let site = siteFiles(
                content: content,
                theme: theme,
                templates: templates,
                aliases: aliases,
                config: config,
                forms: forms,
                assets: assets,
                staticFiles: staticFiles,
                indexedWords: indexedWords
            )
            let compacted = assets.compactMap { asset in asset.contents.map { File(path: asset.output, data: $0) } }
            let copies =
                assets.filter { $0.contents == nil }.map { ($0.source, $0.output) }
                + content.assetFiles.map {
                    (config.contentDirectory.appendingPathComponent($0, isDirectory: false), $0)
                }
                + staticFiles.map { ($0.source, $0.path) }
            // Every page's files sit in the page's own folder (`index.html`, a form's shell).
            let pageFolders = content.pages.flatMap { page in
                ([page.url] + Pagination.extraLocations(page, config: config)).map { $0 + "index.html" }
            }
            try writer.prepareFolders(for: pageFolders + site.map(\.path) + compacted.map(\.path) + copies.map(\.1))
            timer.lap("write/folders")
            let box = UncheckedBox(templates)
            // A page `BuildMemo` found unchanged keeps its files from the published site.
            let written = content.pages.parallelMap { page -> Result<[BuildMemo.OutputFile], Error> in
                defer { progress() }
                do {
                    if var kept = reused(page) {
                        for index in kept.indices {
                            let file = kept[index]
                            switch try writer.linkPublished(file.path, stamp: file.stamp) {
                            case .alreadyThere: continue  // untouched: its stamp holds
                            case .linked: break
                            case .notLinkable:
                                try writer.copy(
                                    writer.output.appendingPathComponent(file.path, isDirectory: false),
                                    to: file.path
                                )
                            }
                            kept[index].stamp = ""  // a new name or a copy: stamped again
                        }
                        return .success(kept)
                    }
                    let files = pageFiles(page, theme: theme, templates: box.value, forms: forms)
                    for file in files { try writer.write(file.data, to: file.path) }
                    return .success(files.map { BuildMemo.OutputFile(path: $0.path) })
                } catch { return .failure(error) }
            }
            let outputs = try written.map { try $0.get() }
            timer.lap("templates+write/pages")
            for file in site + compacted { try writer.write(file.data, to: file.path) }
            for (source, path) in copies { try writer.copy(source, to: path) }
            try writer.keepHandWrittenReadme()
            timer.lap("write/files")
            writer.removeStaleFiles()
            timer.lap("write/stale")
            try beforeSwap(writer.staging, outputs)
            try writer.commit()
            timer.lap("write/swap")
        } catch {
            writer.abandon()
            throw error
        }
    }

    /// One page's files: its `index.html`, beside a form page the form's shell and schema, and
    /// beside a confirmation page the shell the service shows the reference in.
    static func pageFiles(_ page: Page, theme: Theme, templates: TemplateContext, forms: FormPages) -> [File] {
        let paging = Pagination.size(for: page, config: templates.config)
        var context = templates.context(
            for: page,
            listed: paging.map { Pagination.listed(page, number: 1, size: $0) }
        )
        let form = forms.formHTML(for: page)
        if let form { FormPages.place(form, in: &context) }
        if let paging {
            Pagination.apply(to: &context, page: page, number: 1, size: paging, baseURL: templates.config.baseURL)
        }
        if page.frontMatter.layout == SearchIndex.layout {
            context["search"] = SearchPageData.value(
                for: page,
                content: templates.content,
                config: templates.config,
                excluded: forms.searchExcluded
            ) { SitePath.relative(from: page.url, to: $0) }
        }
        let html = theme.render(LayoutCheck.layoutName(for: page), context: context) ?? ""
        var files = [File(path: page.url + "index.html", data: Data(html.utf8))]
        if let paging {
            files += listPages(page, size: paging, theme: theme, templates: templates)
        }
        if let form, let definition = forms.forms[page.index] {
            files.append(
                File(
                    path: page.url + FormDefinition.shellFileName,
                    data: Data(FormPages.shell(of: html, form: form).utf8)
                )
            )
            files.append(File(path: page.url + FormDefinition.schemaFileName, data: Data(definition.jsonSchema().utf8)))
        }
        if let definition = forms.confirmations[page.index],
            let shell = forms.confirmationShell(page, form: definition, context: context, theme: theme)
        {
            files.append(File(path: page.url + FormDefinition.confirmationShellFileName, data: Data(shell.utf8)))
        }
        return files
    }

    /// A long list's pages 2.. at `page/N/`, and `page/1/` redirecting to the list, as in Hugo.
    static func listPages(_ page: Page, size: Int, theme: Theme, templates: TemplateContext) -> [File] {
        let config = templates.config
        var files: [File] = []
        for number in 2...Pagination.pageCount(page, size: size) {
            let location = Pagination.location(page, number: number)
            var context = templates.context(
                for: page,
                at: location,
                listed: Pagination.listed(page, number: number, size: size)
            )
            Pagination.apply(to: &context, page: page, number: number, size: size, baseURL: config.baseURL)
            let html = theme.render(LayoutCheck.layoutName(for: page), context: context) ?? ""
            files.append(File(path: location + "index.html", data: Data(html.utf8)))
        }
        let first = page.url + "page/1/"
        let redirect = AliasPages.html(
            title: page.frontMatter.title,
            language: page.language,
            relativeURL: SitePath.relative(from: first, to: page.url),
            absoluteURL: config.baseURL + page.url
        )
        files.append(File(path: first + "index.html", data: Data(redirect.utf8)))
        return files
    }

    /// Files that belong to no single page: 404 pages, alias redirects, the sitemap, robots.txt.
    static func siteFiles(
        content: ContentSite,
        theme: Theme,
        templates: TemplateContext,
        aliases: [AliasPages.Alias],
        config: SiteConfig,
        forms: FormPages,
        assets: [PublishedAsset],
        staticFiles: [(source: URL, path: String)],
        indexedWords: IndexedWords? = nil
    ) -> [File] {
        var files: [File] = []
        // 404 pages are served at any address, so their links are absolute paths.
        for language in config.languages {
            guard let home = content.home(language: language.code) else { continue }
            var page = home
            page.frontMatter.title = "404"
            let context = templates.context(for: page, absolutePaths: true)
            let html = theme.render("404", context: context) ?? ""
            files.append(File(path: home.url + "404.html", data: Data(html.utf8)))
        }
        for alias in aliases {
            let target = content.pages[alias.target]
            let html = AliasPages.html(
                title: target.frontMatter.title,
                language: target.language,
                relativeURL: SitePath.relative(from: alias.path, to: target.url),
                absoluteURL: config.baseURL + target.url
            )
            files.append(File(path: alias.path + "index.html", data: Data(html.utf8)))
        }
        files.append(File(path: "sitemap.xml", data: Data(SitemapWriter.sitemap(content, config: config).utf8)))
        files.append(File(path: "robots.txt", data: Data(SitemapWriter.robots(config: config).utf8)))
        // The search index holds every findable page's words (a body edit changes it too).
        for index in SearchIndex.files(
            content: content,
            bodies: templates.bodies,
            config: config,
            excluded: forms.searchExcluded,
            kept: indexedWords
        ) {
            files.append(File(path: index.path, data: index.data))
        }
        // The host's headers, from site.yml; a hand-written file in static/ takes the place of its
        // generated one (the build warns about it).
        let statics = Set(staticFiles.map(\.path))
        let headers = SecurityHeaders(config: config, intakeURL: forms.intakeBase, hasForm: !forms.forms.isEmpty)
        for file in headers.files() where !statics.contains(file.path) {
            files.append(File(path: file.path, data: Data(file.text.utf8)))
        }
        if let page = forms.unavailablePage(config: config, assets: assets) {
            files.append(File(path: FormDefinition.unavailablePageName, data: Data(page.utf8)))
        }
        return files
    }

    /// Files of the site's `static/` folder, copied as they are (favicon, `_headers`...); listed
    /// once per build, by `SiteModel.load`.
    static func staticFiles(_ config: SiteConfig) -> [(source: URL, path: String)] {
        FileTree.files(under: config.staticDirectory).map {
            (config.staticDirectory.appendingPathComponent($0, isDirectory: false), $0)
        }
    }
}

/// Read-only after construction, so sharing it between render threads is safe.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
