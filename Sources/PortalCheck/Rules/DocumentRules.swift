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
    /// `<a name>` anchors, collected during the walk.
    private var names: [String] = []

    mutating func visit(_ element: HTMLElement, _ page: PageContext) {
        if root == nil, element.name == "html" { root = element }
        // Most elements have no attribute: no id or lang to look up.
        if element.hasAttributes { visitAttributes(element, page) }
        switch element.name {
        case "a":
            if let name = element["name"] { names.append(name) }
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

    private mutating func visitAttributes(_ element: HTMLElement, _ page: PageContext) {
        if let id = element["id"] {
            if let first = ids[id] {
                page.error(
                    "duplicate-id",
                    at: element,
                    "the id '\(id)' is already used on line \(first.line)",
                    hint: "ids must be unique in a page: two headings with the same words get the same id; reword one",
                    clues: ["id=\"\(id)\"", "{#\(id)}"]
                )
            } else {
                ids[id] = element
            }
        }
        if let lang = element["lang"], !Whitespace.isBlank(lang), !LanguageTag.isValid(lang) {
            page.error(
                "lang-valid",
                at: element,
                "lang=\"\(lang)\" is not a valid language tag",
                hint: "use a registered code such as en, es or es-MX",
                clues: ["lang=\"\(lang)\"", "lang:"]
            )
        }
    }

    func finish(_ page: PageContext) {
        let html = root ?? page.elements.first
        if Whitespace.isBlank(root?["lang"] ?? "") {
            page.error(
                "html-lang",
                at: html,
                "the page does not say its language (<html lang>)",
                hint: "the layout's <html> needs lang=\"{{lang}}\" so screen readers pronounce the page right",
                clues: ["<html"]
            )
        }
        if (title ?? "").isEmpty {
            page.error(
                "title",
                at: titleElement ?? html,
                titleElement == nil ? "the page has no title" : "the page's title is empty",
                hint: "give the page 'title:' in its front matter; the layout needs <title>",
                clues: ["<title"]
            )
        }
        if !isRedirect, Whitespace.isBlank(description ?? "") {
            // A warning, as in the build (`missing-description`): search results and link previews
            // suffer, readers of the page do not.
            page.warning(
                "meta-description",
                at: html,
                "the page has no meta description",
                hint: "add 'description:' to the front matter: one plain sentence that says what the page is for",
                clues: ["<meta name=\"description\""]
            )
        }
    }

    /// Ids and `<a name>` anchors, for `#fragment` links from other pages.
    var anchors: Set<String> { Set(ids.keys).union(names) }
}

/// Blank as Foundation's `.whitespaces` trimming sees it, without Foundation for the usual value
/// that starts with a visible ASCII character (it runs several times per page).
enum Whitespace {
    static func isBlank(_ text: String) -> Bool {
        guard let first = text.utf8.first else { return true }
        if first < 0x80 && first != 0x20 && first != 0x09 { return false }
        return text.trimmingCharacters(in: .whitespaces).isEmpty
    }
}
