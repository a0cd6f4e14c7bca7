import Foundation
import PortalConfig
import PortalContent
import PortalDiagnostics
import PortalForms
import PortalSupport
import PortalTheme
import PortalYAML

/// Pages that carry the request form (`form: ../request-form.yml` in their front matter).
/// The form is defined once in YAML; the builder renders it into the page, and writes beside the
/// page the JSON Schema and the "shell" the intake service fills to answer a post with mistakes.
struct FormPages: Sendable {
    /// The paragraph an editor writes where the form goes.
    static let placeholder = "<p>{{form}}</p>"

    var forms: [Int: FormDefinition]
    /// Confirmation pages (by page index) and the form whose confirmation each is.
    var confirmations: [Int: FormDefinition] = [:]
    /// The intake service's address without a trailing slash (`https://intake.example.org`).
    var intakeBase: String
    var action: String { intakeBase + "/requests" }
    var contactPhone: String?
    var contactEmail: String?

    /// The page's `form:` key; the one place that says whether a page carries the request form
    /// (its `#request-form` anchor, a named link to it, its shell).
    static func formKey(of page: Page) -> YAMLNode? { page.frontMatter.raw?["form"] }

    static func carriesForm(_ page: Page) -> Bool { formKey(of: page) != nil }

    /// `intakeOverridden`: `portal serve` points the form at its own in-process service, so the
    /// published address is not checked there.
    static func load(
        _ content: ContentSite,
        config: SiteConfig,
        diagnostics: DiagnosticCollector,
        intakeOverridden: Bool = false,
        allowLocalIntake: Bool = false
    ) -> FormPages {
        var forms: [Int: FormDefinition] = [:]
        var loaded: [String: FormDefinition] = [:]
        for index in content.pages.indices where content.pages[index].frontMatter.raw?["form"] != nil {
            let page = content.pages[index]
            guard let node = formKey(of: page) else { continue }
            guard let relative = node.text, let source = SitePath.resolve(relative, against: page.directory) else {
                diagnostics.report(
                    .error(
                        page.displayPath,
                        line: node.line,
                        column: node.column,
                        rule: "form",
                        "'form' must name the form's YAML file",
                        hint: "write e.g. 'form: ../request-form.yml', relative to this page"
                    )
                )
                continue
            }
            let display = ContentLoader.displayPrefix(for: config.contentDirectory, in: config.rootDirectory) + source
            if loaded[source] == nil {
                do {
                    loaded[source] = try FormDefinition.load(
                        path: config.contentDirectory.appendingPathComponent(source).path,
                        displayPath: display
                    )
                } catch let list as DiagnosticList {
                    diagnostics.report(contentsOf: list.diagnostics)
                    continue
                } catch {
                    diagnostics.report(
                        .error(
                            page.displayPath,
                            line: node.line,
                            column: node.column,
                            rule: "form",
                            "the form file '\(relative)' could not be read",
                            hint: "check the path; it is relative to this page"
                        )
                    )
                    continue
                }
            }
            guard let form = loaded[source] else { continue }
            forms[page.index] = form
            if let expected = form.pages[page.language], expected != page.url {
                diagnostics.report(
                    .error(
                        display,
                        rule: "form",
                        "pages.\(page.language) is '\(expected)', but the form page \(page.displayPath) is built at '\(page.url)'",
                        hint: "set pages.\(page.language) to \"\(page.url)\" so the intake service finds the page"
                    )
                )
            }
        }
        let prefix = ContentLoader.displayPrefix(for: config.contentDirectory, in: config.rootDirectory)
        for (source, form) in loaded.sorted(by: { $0.key < $1.key }) {
            for (language, path) in form.confirmation.sorted(by: { $0.key < $1.key })
            where content.pageByURL[path] == nil {
                diagnostics.report(
                    .error(
                        prefix + source,
                        rule: "form",
                        "confirmation.\(language) is '\(path)', but no page is built there",
                        hint: "add the confirmation page (layout: request-sent) or correct the path"
                    )
                )
            }
        }
        var confirmations: [Int: FormDefinition] = [:]
        for form in loaded.values {
            for path in form.confirmation.values {
                if let index = content.pageByURL[path] { confirmations[index] = form }
            }
        }
        if !forms.isEmpty && !intakeOverridden {
            IntakeAddressCheck(config: config, allowLocal: allowLocalIntake).report(to: diagnostics)
        }
        let contact = config.raw["contact"]
        func detail(_ key: String) -> String? { contact?[key]?.text.flatMap { $0.isEmpty ? nil : $0 } }
        if !forms.isEmpty && detail("phone") == nil && detail("email") == nil {
            let lines = ["phone", "email"].compactMap { contact?[$0]?.line }.map(String.init)
            diagnostics.report(
                .warning(
                    "site.yml",
                    line: contact?.line ?? 0,
                    rule: "form",
                    "the program's contact details are empty\(lines.isEmpty ? "" : " (lines \(lines.joined(separator: " and ")))"): when the request service cannot be reached, the form can only say to try again later or call 988",
                    hint: "fill in contact.phone and contact.email with the peer support team's own phone and email"
                )
            )
        }
        var base = config.intakeURL
        while base.hasSuffix("/") { base.removeLast() }
        return FormPages(
            forms: forms,
            confirmations: confirmations,
            intakeBase: base,
            contactPhone: detail("phone"),
            contactEmail: detail("email")
        )
    }

    func formHTML(for page: Page) -> String? {
        guard let form = forms[page.index] else { return nil }
        return form.renderHTML(
            language: page.language,
            action: action,
            contactPhone: contactPhone,
            contactEmail: contactEmail
        )
    }

    /// Puts the form where the editor wrote `{{form}}`, or else hands it to the layout as
    /// `form_html` (shown after the page's text).
    static func place(_ form: String, in context: inout [String: Any]) {
        guard var page = context["page"] as? [String: Any], let body = page["content"] as? String else { return }
        if body.contains(placeholder) {
            page["content"] = body.replacingOccurrences(of: placeholder, with: form)
            context["page"] = page
            context["has_form"] = true
        } else {
            context["form_html"] = form
            context["has_form"] = true
        }
    }

    /// The built page with the form taken out, the summary slot at the start of `<main>` and the
    /// title prefix slot in, for the service.
    static func shell(of html: String, form: String) -> String {
        var shell = html.replacingOccurrences(of: form, with: FormDefinition.shellSlot)
        if let title = shell.range(of: "<title>") {
            shell.insert(contentsOf: FormDefinition.titlePrefixSlot, at: title.upperBound)
        }
        if let main = shell.range(of: "<main"), let end = shell[main.upperBound...].firstIndex(of: ">") {
            shell.insert(contentsOf: "\n" + FormDefinition.summarySlot, at: shell.index(after: end))
        }
        return shell
    }

    /// The confirmation page as the service shows it after a plain post: the reference in the text
    /// (the layout shows `reference_slot` in place of its script-filled line) and a language switch
    /// that leads to the service's own confirmation in the other language, with the same reference.
    func confirmationShell(_ page: Page, form: FormDefinition, context: [String: Any], theme: Theme) -> String? {
        guard !intakeBase.isEmpty else { return nil }
        var context = context
        context["reference_slot"] = FormDefinition.referenceSlot
        if let entries = context["language_switch"] as? [[String: Any]] {
            context["language_switch"] = entries.map { entry in
                guard let lang = entry["lang"] as? String, form.confirmation[lang] != nil else { return entry }
                var entry = entry
                entry["url"] = Self.confirmationURL(
                    action: action,
                    reference: FormDefinition.referenceSlot,
                    language: lang
                )
                return entry
            }
        }
        return theme.render(LayoutCheck.layoutName(for: page), context: context)
    }

    /// The service's confirmation page for a reference (`GET /requests/sent`), opened at `<main>`.
    static func confirmationURL(action: String, reference: String, language: String) -> String {
        action + "/sent?ref=" + reference + "&" + FormDefinition.languageField + "=" + language + "#main"
    }
}

extension FormPages {
    /// The page a proxy in front of the service shows when the service is down (`deploy/nginx/
    /// intake.conf`): served from the service's address, so every link is absolute, and in every
    /// language of the form, since the proxy cannot tell which one the person used.
    func unavailablePage(config: SiteConfig, assets: [PublishedAsset]) -> String? {
        // The form in the most languages (a site has one form, in all of them).
        // In page order, so the choice (and the page's bytes) is the same on every build.
        guard
            let form = forms.sorted(by: { $0.key < $1.key }).map(\.value).max(by: {
                $0.languages.count < $1.languages.count
            })
        else { return nil }
        let first = form.languages.first ?? config.defaultLanguage.code
        let titles = form.languages.map { form.text("not_sent_title", $0) }
        var html =
            "<!DOCTYPE html>\n<html lang=\"\(escapeHTML(first))\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<title>\(escapeHTML(titles.joined(separator: " | ")))</title>\n"
        html += "<meta name=\"description\" content=\"\(escapeHTML(form.text("unavailable", first)))\">\n"
        html += "<meta name=\"robots\" content=\"noindex\">\n<meta name=\"referrer\" content=\"no-referrer\">\n"
        html += "<meta name=\"color-scheme\" content=\"light dark\">\n"
        for name in ["css/site.css", "css/form.css"] {
            guard let asset = assets.first(where: { $0.path == name }) else { continue }
            html += "<link rel=\"stylesheet\" href=\"\(escapeHTML(config.baseURL + asset.output))\">\n"
        }
        for asset in assets where asset.path == "favicon.svg" {
            html += "<link rel=\"icon\" href=\"\(escapeHTML(config.baseURL + asset.output))\" type=\"image/svg+xml\">\n"
        }
        html += "</head>\n<body>\n<main id=\"main\" class=\"wrap form-unavailable\">\n"
        for (index, language) in form.languages.enumerated() {
            let heading = index == 0 ? "h1" : "h2"
            let back = config.baseURL + (form.pages[language] ?? "") + "#" + FormDefinition.formAnchor
            html += "<section lang=\"\(escapeHTML(language))\">\n"
            html += "<\(heading)>\(escapeHTML(form.text("not_sent_title", language)))</\(heading)>\n"
            html += "<p>\(escapeHTML(form.text("unavailable", language)))</p>\n"
            // The crisis line's own links, as in the help strip of every page (site.yml help.actions).
            let actions = config.language(language)?.params?["help"]?["actions"]?.items ?? []
            let links = actions.compactMap { action -> String? in
                guard let text = action["text"]?.text, let href = action["href"]?.text else { return nil }
                return "<li><a href=\"\(escapeHTML(href))\">\(escapeHTML(text))</a></li>"
            }
            if !links.isEmpty { html += "<ul class=\"help-actions\">\n" + links.joined(separator: "\n") + "\n</ul>\n" }
            html += "<p><a href=\"\(escapeHTML(back))\">\(escapeHTML(form.text("back_to_form", language)))</a></p>\n"
            html += "</section>\n"
        }
        return html + "</main>\n</body>\n</html>\n"
    }
}
