import PortalSupport

/// The builder writes `form-shell.html` beside each form page: the whole built page with the form
/// replaced by `FormDefinition.shellSlot`, `FormDefinition.summarySlot` at the start of `<main>`
/// and the `<title>` text starting with `FormDefinition.titlePrefixSlot`; and
/// `confirmation-shell.html` beside each confirmation page, with `FormDefinition.referenceSlot`
/// where the reference goes. The intake service fills them to answer a no-JavaScript post in the
/// site's own look, without holding a copy of the theme.
public enum FormShell {
    /// The shell with the form put back, the summary (or notice) at the top of `<main>` and the
    /// title prefix filled in (e.g. "Error: "). `baseHref` (the form page's public URL) makes the
    /// page's relative links and assets resolve against the site, since the page is served from
    /// the intake service's address.
    public static func fill(
        _ shell: String,
        form: String,
        summary: String = "",
        titlePrefix: String,
        baseHref: String? = nil
    ) -> String {
        var page = shell.replacingOccurrences(of: FormDefinition.titlePrefixSlot, with: escapeHTML(titlePrefix))
        if page.contains(FormDefinition.summarySlot) {
            page = page.replacingOccurrences(of: FormDefinition.summarySlot, with: summary)
            page = page.replacingOccurrences(of: FormDefinition.shellSlot, with: form)
        } else {
            page = page.replacingOccurrences(of: FormDefinition.shellSlot, with: summary + form)
        }
        return withBase(page, baseHref)
    }

    /// The confirmation shell with the reference in its text and in its language switch. Only a
    /// well-formed reference may come here (it is put in unescaped; `ReferenceID` checks it).
    public static func confirm(_ shell: String, reference: String, baseHref: String? = nil) -> String {
        withBase(shell.replacingOccurrences(of: FormDefinition.referenceSlot, with: reference), baseHref)
    }

    /// A plain page for when no shell was built (the site is not deployed next to the service).
    public static func fallback(
        lang: String,
        title: String,
        form: String,
        baseHref: String? = nil
    )
        -> String
    {
        var page =
            "<!doctype html>\n<html lang=\"\(escapeHTML(lang))\">\n<head>\n<meta charset=\"utf-8\">\n"
        if let baseHref { page += "<base href=\"\(escapeHTML(baseHref))\">\n" }
        page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        page += "<title>\(escapeHTML(title))</title>\n"
        page += "<link rel=\"stylesheet\" href=\"assets/css/form.css\">\n</head>\n<body>\n<main>\n"
        return page + form + "</main>\n</body>\n</html>\n"
    }

    static func withBase(_ page: String, _ baseHref: String?) -> String {
        guard let baseHref, let head = page.range(of: "<head>", options: .caseInsensitive) else { return page }
        var page = page
        page.insert(contentsOf: "\n<base href=\"\(escapeHTML(baseHref))\">", at: head.upperBound)
        return page
    }
}
