import Foundation
import PortalHTML

/// Rules about the page as a whole: `html-lang`, `lang-valid`, `title`, `meta-description`
/// (warning), `duplicate-id`. The title is kept for `title-unique`, which needs every page.
struct DocumentRules {
    private var ids: [String: HTMLElement] = [:]
    private(set) var title: String?
    private(set) var titleLine = 1
    private var titleElement: HTMLElement?
    private var titleSeen = false
    private var description: String?
    private(set) var isRedirect = false
    private(set) var isNoIndex = false
    private var root: HTMLElement?

    mutating func visit(_ element: HTMLElement, _ page: PageContext) {
        if root == nil, element.name == "html" { root = element }
        if element.has("id"), let id = element["id"] {
            if let first = ids[id] {
                page.error(
                    "duplicate-id", at: element, "the id '\(id)' is already used on line \(first.line)",
                    hint: "ids must be unique in a page: two headings with the same words get the same id; reword one",
                    clues: ["id=\"\(id)\"", "{#\(id)}"])
            } else {
                ids[id] = element
            }
        }
        if element.has("lang"), let lang = element["lang"], !lang.trimmingCharacters(in: .whitespaces).isEmpty,
            !LanguageTag.isValid(lang)
        {
            page.error(
                "lang-valid", at: element, "lang=\"\(lang)\" is not a valid language tag",
                hint: "use a registered code such as en, es or es-MX", clues: ["lang=\"\(lang)\"", "lang:"])
        }
        switch element.name {
        case "title" where !titleSeen:
            // Only the first <title> counts, as in browsers.
            titleSeen = true
            title = element.text
            titleLine = element.line
            titleElement = element
        case "meta":
            let name = element["name"]?.lowercased()
            if name == "description" { description = element["content"] ?? "" }
            if name == "robots", element["content"]?.lowercased().contains("noindex") == true { isNoIndex = true }
            if element["http-equiv"]?.lowercased() == "refresh" { isRedirect = true }
        default:
            break
        }
    }

    func finish(_ page: PageContext) {
        let html = root ?? page.elements.first
        if (root?["lang"] ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            page.error(
                "html-lang", at: html, "the page does not say its language (<html lang>)",
                hint: "the layout's <html> needs lang=\"{{lang}}\" so screen readers pronounce the page right", clues: ["<html"])
        }
        if (title ?? "").isEmpty {
            page.error(
                "title", at: titleElement ?? html, titleElement == nil ? "the page has no title" : "the page's title is empty",
                hint: "give the page 'title:' in its front matter; the layout needs <title>", clues: ["<title"])
        }
        if !isRedirect, (description ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            // A warning, as in the build (`missing-description`): search results and link previews
            // suffer, readers of the page do not.
            page.warning(
                "meta-description", at: html, "the page has no meta description",
                hint: "add 'description:' to the front matter: one plain sentence that says what the page is for",
                clues: ["<meta name=\"description\""])
        }
    }

    /// Ids and `<a name>` anchors, for `#fragment` links from other pages.
    func anchors(_ page: PageContext) -> Set<String> {
        var anchors = Set(ids.keys)
        for element in page.elements where element.name == "a" {
            if let name = element["name"] { anchors.insert(name) }
        }
        return anchors
    }
}
