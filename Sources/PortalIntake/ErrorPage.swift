import Foundation
import PortalForms

/// The answer to a plain form post with mistakes: the site's own form page (the builder's
/// `form-shell.html`), titled "Error: ...", with the error summary, inline messages and every
/// answer kept. Served from the service's address, so a `<base>` points links back at the site.
struct ErrorPage {
    let configuration: IntakeConfiguration
    let form: FormDefinition

    func render(language: String, values: [String: [String]], errors: [FormFieldError], key: String, action: String)
        -> String
    {
        let formHTML = form.renderHTML(
            language: language, action: action, values: values, errors: errors,
            contactPhone: configuration.contactPhone, contactEmail: configuration.contactEmail, idempotencyKey: key)
        let pagePath = form.pages[language] ?? ""
        let prefix = form.text("error_title_prefix", language)
        let shellPath = pagePath + FormDefinition.shellFileName
        let data =
            configuration.readSiteFile?(shellPath)
            ?? FileManager.default.contents(
                atPath: URL(fileURLWithPath: configuration.siteDirectory).appendingPathComponent(shellPath).path)
        if let data, let shell = String(data: data, encoding: .utf8),
            shell.contains(FormDefinition.shellSlot)
        {
            return FormShell.fill(
                shell, form: formHTML, titlePrefix: prefix, baseHref: configuration.resolvedSiteURL + pagePath)
        }
        return FormShell.fallback(
            lang: language, title: prefix + form.text("schema_title", language), form: formHTML,
            baseHref: configuration.resolvedSiteURL)
    }

    /// Assets come from the site; the form posts back here.
    func contentSecurityPolicy(action: String) -> String {
        let site = OriginPolicy.normalize(configuration.resolvedSiteURL) ?? "'self'"
        let target = OriginPolicy.normalize(action).map { " " + $0 } ?? ""
        return "default-src 'none'; script-src \(site); style-src \(site); img-src \(site) data:; font-src \(site); "
            + "connect-src 'self'\(target); form-action 'self'\(target); base-uri \(site); frame-ancestors 'none'"
    }
}
