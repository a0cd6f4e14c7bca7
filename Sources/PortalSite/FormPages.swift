import Foundation
import PortalConfig
import PortalContent
import PortalDiagnostics
import PortalForms

/// Pages that carry the request form (`form: ../request-form.yml` in their front matter).
/// The form is defined once in YAML; the builder renders it into the page, and writes beside the
/// page the JSON Schema and the "shell" the intake service fills to answer a post with mistakes.
struct FormPages: Sendable {
    /// The paragraph an editor writes where the form goes.
    static let placeholder = "<p>{{form}}</p>"

    var forms: [Int: FormDefinition]
    var action: String
    var contactPhone: String?
    var contactEmail: String?

    static func load(_ content: ContentSite, config: SiteConfig, diagnostics: DiagnosticCollector) -> FormPages {
        var forms: [Int: FormDefinition] = [:]
        var loaded: [String: FormDefinition] = [:]
        for page in content.pages {
            guard let node = page.frontMatter.raw?["form"] else { continue }
            guard let relative = node.text, let source = SitePath.resolve(relative, against: page.directory) else {
                diagnostics.report(
                    .error(page.displayPath, line: node.line, column: node.column, rule: "form",
                        "'form' must name the form's YAML file", hint: "write e.g. 'form: ../request-form.yml', relative to this page"))
                continue
            }
            let display = ContentLoader.displayPrefix(for: config.contentDirectory, in: config.rootDirectory) + source
            if loaded[source] == nil {
                do {
                    loaded[source] = try FormDefinition.load(
                        path: config.contentDirectory.appendingPathComponent(source).path, displayPath: display)
                } catch let list as DiagnosticList {
                    diagnostics.report(contentsOf: list.diagnostics)
                    continue
                } catch {
                    diagnostics.report(.error(page.displayPath, line: node.line, column: node.column, rule: "form",
                        "the form file '\(relative)' could not be read", hint: "check the path; it is relative to this page"))
                    continue
                }
            }
            guard let form = loaded[source] else { continue }
            forms[page.index] = form
            if let expected = form.pages[page.language], expected != page.url {
                diagnostics.report(
                    .error(display, rule: "form",
                        "pages.\(page.language) is '\(expected)', but the form page \(page.displayPath) is built at '\(page.url)'",
                        hint: "set pages.\(page.language) to \"\(page.url)\" so the intake service finds the page"))
            }
        }
        let prefix = ContentLoader.displayPrefix(for: config.contentDirectory, in: config.rootDirectory)
        for (source, form) in loaded.sorted(by: { $0.key < $1.key }) {
            for (language, path) in form.confirmation.sorted(by: { $0.key < $1.key }) where content.pageByURL[path] == nil {
                diagnostics.report(
                    .error(prefix + source, rule: "form",
                        "confirmation.\(language) is '\(path)', but no page is built there",
                        hint: "add the confirmation page (layout: request-sent) or correct the path"))
            }
        }
        if !forms.isEmpty && config.intakeURL.isEmpty {
            diagnostics.report(
                .warning("site.yml", rule: "form", "the request form has nowhere to send requests: 'intake_url' is empty",
                    hint: "set intake_url to the address of 'portal intake' (docs/deploy.md)"))
        }
        let contact = config.raw["contact"]
        var base = config.intakeURL
        while base.hasSuffix("/") { base.removeLast() }
        return FormPages(
            forms: forms, action: base + "/requests",
            contactPhone: contact?["phone"]?.text.flatMap { $0.isEmpty ? nil : $0 },
            contactEmail: contact?["email"]?.text.flatMap { $0.isEmpty ? nil : $0 })
    }

    func formHTML(for page: Page) -> String? {
        guard let form = forms[page.index] else { return nil }
        return form.renderHTML(
            language: page.language, action: action, contactPhone: contactPhone, contactEmail: contactEmail)
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

    /// The built page with the form taken out and the title prefix slot in, for the service.
    static func shell(of html: String, form: String) -> String {
        var shell = html.replacingOccurrences(of: form, with: FormDefinition.shellSlot)
        if let title = shell.range(of: "<title>") {
            shell.insert(contentsOf: FormDefinition.titlePrefixSlot, at: title.upperBound)
        }
        return shell
    }
}
