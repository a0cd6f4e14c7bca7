import Foundation
import PortalForms
import PortalSupport

/// The pages the service answers a plain (no-JavaScript) post with, in the form's language and the
/// site's own look: the builder's shells (`form-shell.html`, `confirmation-shell.html`) filled in,
/// with a `<base>` pointing links and assets back at the site.
struct ServicePages {
    let configuration: IntakeConfiguration
    let form: FormDefinition

    /// The form again, every answer kept, with the error summary (or a notice) at the top of the
    /// page, titled "Error: ...". `notice` replaces the summary for a request that was not sent
    /// for another reason (too many, not saved); `keepForm: false` shows only a way back.
    func formPage(
        language: String,
        values: [String: [String]],
        errors: [FormFieldError] = [],
        notice: String? = nil,
        keepForm: Bool = true,
        key: String,
        action: String
    ) -> String {
        let summary =
            notice.map { form.failureNotice($0, language: language) }
            ?? (errors.isEmpty ? "" : form.errorSummary(errors, language: language))
        let pagePath = form.pages[language] ?? ""
        let formHTML =
            keepForm
            ? form.renderHTML(
                language: language,
                action: action,
                values: values,
                errors: errors,
                contactPhone: configuration.contactPhone,
                contactEmail: configuration.contactEmail,
                idempotencyKey: key,
                summaryInForm: false
            )
            : backLink(language: language)
        let prefix = form.text("error_title_prefix", language)
        if let shell = siteFile(pagePath + FormDefinition.shellFileName), shell.contains(FormDefinition.shellSlot) {
            return FormShell.fill(
                shell,
                form: formHTML,
                summary: summary,
                titlePrefix: prefix,
                baseHref: configuration.resolvedSiteURL + pagePath
            )
        }
        return FormShell.fallback(
            lang: language,
            title: prefix + form.text("schema_title", language),
            form: summary + formHTML,
            baseHref: configuration.resolvedSiteURL
        )
    }

    /// The site's confirmation page with the reference in its text; nil when the site has no
    /// confirmation shell here (the service then redirects to the site's own page).
    func confirmationPage(reference: String, language: String) -> String? {
        guard ReferenceID.isWellFormed(reference), let path = form.confirmation[language],
            let shell = siteFile(path + FormDefinition.confirmationShellFileName),
            shell.contains(FormDefinition.referenceSlot)
        else { return nil }
        return FormShell.confirm(shell, reference: reference, baseHref: configuration.resolvedSiteURL + path)
    }

    func hasConfirmationPage(language: String) -> Bool {
        guard let path = form.confirmation[language] else { return false }
        return siteFile(path + FormDefinition.confirmationShellFileName) != nil
    }

    func backLink(language: String) -> String {
        let href = configuration.resolvedSiteURL + (form.pages[language] ?? "") + "#" + FormDefinition.formAnchor
        return "<p><a href=\"\(escapeHTML(href))\">\(escapeHTML(form.text("back_to_form", language)))</a></p>\n"
    }

    /// Assets come from the site; forms post back here, and the answer to a post may redirect to
    /// the site's confirmation page (when the service has no confirmation shell), so `form-action`
    /// names the site too: without it the browser blocks that redirect after a corrected post.
    func contentSecurityPolicy(action: String) -> String {
        let site = OriginPolicy.normalize(configuration.resolvedSiteURL) ?? "'self'"
        let target = OriginPolicy.normalize(action).map { " " + $0 } ?? ""
        let formTargets = "'self'\(target)" + (site == "'self'" ? "" : " \(site)")
        return "default-src 'none'; script-src \(site); style-src \(site); img-src \(site) data:; font-src \(site); "
            + "connect-src 'self'\(target); form-action \(formTargets); base-uri \(site); frame-ancestors 'none'"
    }

    private func siteFile(_ path: String) -> String? {
        let data =
            configuration.readSiteFile?(path)
            ?? FileManager.default.contents(
                atPath: URL(fileURLWithPath: configuration.siteDirectory).appendingPathComponent(path).path
            )
        return data.flatMap { String(data: $0, encoding: .utf8) }
    }
}
