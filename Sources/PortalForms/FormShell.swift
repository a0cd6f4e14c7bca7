/// The builder writes `form-shell.html` beside each form page: the whole built page with the form
/// replaced by `FormDefinition.shellSlot` and the `<title>` text starting with
/// `FormDefinition.titlePrefixSlot`. The intake service fills it to answer a no-JavaScript post
/// that has errors, so that page looks like the site without the service holding a copy of the theme.
public enum FormShell {
    /// The shell with the form put back and the title prefix filled in (e.g. "Error: ").
    /// `baseHref` (the form page's public URL) makes the page's relative links and assets resolve
    /// against the site, since the page is served from the intake service's address.
    public static func fill(
        _ shell: String, form: String, titlePrefix: String, baseHref: String? = nil
    ) -> String {
        var page = shell.replacingOccurrences(
            of: FormDefinition.titlePrefixSlot, with: escapeHTML(titlePrefix))
        page = page.replacingOccurrences(of: FormDefinition.shellSlot, with: form)
        if let baseHref, let head = page.range(of: "<head>", options: .caseInsensitive) {
            page.insert(contentsOf: "\n<base href=\"\(escapeHTML(baseHref))\">", at: head.upperBound)
        }
        return page
    }

    /// A plain page for when no shell was built (the site is not deployed next to the service).
    public static func fallback(lang: String, title: String, form: String, baseHref: String? = nil)
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
}
