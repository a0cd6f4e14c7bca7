import Foundation
import PortalContent
import PortalDiagnostics
import PortalTheme

/// The two ways `LiveSite` brings the site up to date.
extension LiveSite {
    /// Any change: the build's steps over the whole site, with files read, bodies rendered and
    /// pages whose template data did not change all reused.
    func rebuildSite() -> Update {
        let timer = StepTimer()
        var update = Update()
        let diagnostics = DiagnosticCollector()
        func failed() -> Update {
            update.diagnostics = diagnostics.all
            publishFailure(update.diagnostics, update: &update)
            return update
        }

        // 1. Settings and theme, read again only when they changed.
        if settings == nil {
            do {
                let loaded = try SiteModel.settings(options)
                settings = loaded
                knownConfig = loaded.config
                knownTheme = loaded.theme.chain
                noteThemeChanges(loaded.theme)
            } catch {
                diagnostics.report(contentsOf: error.diagnostics)
                return failed()
            }
        }
        guard let (config, theme) = settings else { return failed() }

        // 2. Content, rereading only the files that changed.
        let site = SiteModel.load(
            config: config,
            theme: theme,
            options: options,
            diagnostics: diagnostics,
            cache: cache
        )
        let content = site.content
        update.totalPages = content.pages.count
        if diagnostics.hasErrors { return failed() }
        let loadDiagnostics = diagnostics.all
        memo.keep(only: Set(content.pages.map(\.sourcePath)))
        timer.lap("live/load")

        // 3. Bodies: reused when their Markdown and links are as before.
        let bodies = BodyRendering.render(
            content,
            resolver: site.linkResolver,
            options: site.markdownOptions,
            memo: memo,
            progress: {}
        )
        for body in bodies { diagnostics.report(contentsOf: body.problems) }
        diagnostics.report(contentsOf: BodyRendering.checkAnchors(bodies, content: content))
        if diagnostics.hasErrors || options.strict && !diagnostics.all.isEmpty { return failed() }
        timer.lap("live/markdown")

        // 4. Templates, for the pages whose data changed.
        let assets = AssetPipeline.publish(theme)
        let plan = RenderPlan.snapshot(content)
        let versions = memo.versions()
        var indices: [Int]
        // Named links and referral category pages show on every page that links to them.
        if let previous = rendered, !pendingEverything, previous.assets.map(\.output) == assets.map(\.output),
            previous.site.links == site.links,
            previous.site.referrals?.categoryPages == site.referrals?.categoryPages
        {
            let changedBodies = Set(versions.compactMap { previous.bodyVersions[$0.key] == $0.value ? nil : $0.key })
            indices = RenderPlan.pagesToRender(
                previous: previous.plan,
                current: plan,
                content: content,
                changedBodies: changedBodies,
                changedLayouts: theme.templates(affectedBy: pendingLayouts)
            )
            // A search page lists every page from A to Z: it follows any page that came, went or moved.
            if !indices.isEmpty {
                let searchPages = content.pages.filter { $0.frontMatter.layout == SearchIndex.layout }.map(\.index)
                indices += searchPages.filter { !indices.contains($0) }
            }
        } else {
            indices = Array(content.pages.indices)
        }
        let templates = UncheckedBox(site.templates(bodies: bodies, assets: assets))
        let pageFiles = indices.parallelMap { index in
            (
                content.pages[index].sourcePath,
                PageOutput.pageFiles(content.pages[index], theme: theme, templates: templates.value, forms: site.forms)
            )
        }
        let siteFiles = PageOutput.siteFiles(
            content: content,
            theme: theme,
            templates: templates.value,
            aliases: site.aliases,
            config: config,
            forms: site.forms,
            assets: assets,
            staticFiles: site.staticFiles
        )
        timer.lap("live/templates")

        // 5. The new set of files.
        let state = Rendered(
            site: site,
            bodies: bodies,
            loadDiagnostics: loadDiagnostics,
            plan: plan,
            bodyVersions: versions,
            assets: assets,
            pageOutputs: rendered?.pageOutputs ?? [:],
            siteOutputs: rendered?.siteOutputs ?? []
        )
        commit(
            pages: pageFiles,
            siteFiles: siteFiles,
            state: state,
            copies: Self.copies(assets: assets, content: content, config: config, staticFiles: site.staticFiles),
            diagnostics: diagnostics.all,
            update: &update
        )
        timer.lap("live/outputs")
        return update
    }

    /// Only the bodies of pages changed (their front matter is as it was): they keep their places,
    /// so only they are rendered again, and nothing else is read. Nil when a page changed more.
    func rebuildBodies(_ sources: [String], previous: Rendered) -> Update? {
        guard let (config, theme) = settings,
            let content = cache.replacingBodies(
                of: sources,
                in: previous.site.content,
                contentDirectory: config.contentDirectory
            )
        else { return nil }
        var update = Update()
        var site = previous.site
        site.content = content
        let indices = sources.compactMap { content.pageBySource[$0] }
        var bodies = previous.bodies
        let fresh = BodyRendering.render(
            content,
            only: indices.map { content.pages[$0] },
            resolver: site.linkResolver,
            options: site.markdownOptions,
            memo: memo,
            progress: {}
        )
        for (index, body) in zip(indices, fresh) { bodies[index] = body }

        let diagnostics = DiagnosticCollector()
        diagnostics.apply(config.rules)
        diagnostics.report(contentsOf: previous.loadDiagnostics)
        for body in bodies { diagnostics.report(contentsOf: body.problems) }
        diagnostics.report(contentsOf: BodyRendering.checkAnchors(bodies, content: content))
        if diagnostics.hasErrors || options.strict && !diagnostics.all.isEmpty {
            update.diagnostics = diagnostics.all
            publishFailure(update.diagnostics, update: &update)
            return update
        }

        let templates = site.templates(bodies: bodies, assets: previous.assets)
        // Their translations too when their headings changed: the language switch pairs them (sectionPairs).
        var rendering = indices
        let outline = { (body: RenderedBody) in body.headings.map { "\($0.level) \($0.id)" } }
        for index in indices where outline(previous.bodies[index]) != outline(bodies[index]) {
            for other in content.pages[index].translations.values.sorted() where !rendering.contains(other) {
                rendering.append(other)
            }
        }
        let pageFiles = rendering.map { index in
            (
                content.pages[index].sourcePath,
                PageOutput.pageFiles(content.pages[index], theme: theme, templates: templates, forms: site.forms)
            )
        }
        // 404 pages show their home page's data; the search index, every findable page's words.
        let homeChanged = indices.contains { content.pages[$0].kind == .home }
        let siteFiles =
            homeChanged || SearchIndex.isWanted(content)
            ? PageOutput.siteFiles(
                content: content,
                theme: theme,
                templates: templates,
                aliases: site.aliases,
                config: config,
                forms: site.forms,
                assets: previous.assets,
                staticFiles: site.staticFiles
            )
            : nil
        var state = previous
        state.site = site
        state.bodies = bodies
        // Only the pages rendered here move on to their new bodies.
        let versions = memo.versions()
        for source in sources { state.bodyVersions[source] = versions[source] }
        let copies = snapshot().copies
        commit(
            pages: pageFiles,
            siteFiles: siteFiles,
            state: state,
            copies: copies,
            diagnostics: diagnostics.all,
            update: &update
        )
        return update
    }
}
