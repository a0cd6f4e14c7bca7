import Foundation
import PortalConfig
import PortalContent

/// Long lists split as Hugo splits them: `paginate: N` (in a list page's front matter, or for
/// every list in `site.yml`); page 1 at the list's own address, page k at `page/k/`, and
/// `page/1/` redirecting to the list.
enum Pagination {
    /// Items per page for a section, taxonomy or term page; nil when its list fits on one page.
    /// The home page lists nothing in most themes (its children are the menu), so it is not split.
    static func size(for page: Page, config: SiteConfig) -> Int? {
        guard [.section, .taxonomy, .term].contains(page.kind) else { return nil }
        guard let size = page.frontMatter.raw?["paginate"]?.int ?? config.hugo.paginate, size > 0,
            page.children.count > size
        else { return nil }
        return size
    }

    static func pageCount(_ page: Page, size: Int) -> Int { (page.children.count + size - 1) / size }

    /// Site path of list page `number` (1-based).
    static func location(_ page: Page, number: Int) -> String {
        number == 1 ? page.url : page.url + "page/\(number)/"
    }

    /// Every list page's site path beyond the first, and the `page/1/` redirect, for a page.
    static func extraLocations(_ page: Page, config: SiteConfig) -> [String] {
        guard let size = size(for: page, config: config) else { return [] }
        return [page.url + "page/1/"] + (2...pageCount(page, size: size)).map { location(page, number: $0) }
    }

    /// The page numbers the navigation shows, as GOV.UK's pagination does: the first, the last,
    /// the current one and one either side; nil for an ellipsis where numbers are skipped. Every
    /// list page linking to every other would grow each page with the list (1,000 pages: 79 MB).
    static func shownNumbers(current: Int, count: Int) -> [Int?] {
        var numbers: [Int?] = []
        for n in 1...count where n == 1 || n == count || abs(n - current) <= 1 {
            if let last = numbers.last ?? nil, n - last > 1 {
                // An ellipsis standing for one number takes as much room as the number.
                numbers.append(n - last == 2 ? last + 1 : nil)
            }
            numbers.append(n)
        }
        return numbers
    }

    /// The part of the page's children that list page `number` shows.
    static func listed(_ page: Page, number: Int, size: Int) -> Range<Int> {
        let start = min((number - 1) * size, page.children.count)
        return start..<min(start + size, page.children.count)
    }

    /// Turns a page's template data, made with `listed` children (`TemplateContext`), into that
    /// of list page `number`: its own address and title, and `pager` for the navigation and the
    /// `rel` links.
    static func apply(to context: inout [String: Any], page: Page, number: Int, size: Int, baseURL: String) {
        let here = location(page, number: number)
        let count = pageCount(page, size: size)
        let strings = context["t"] as? [String: Any] ?? [:]
        func text(_ key: String, _ fallback: String, _ n: Int) -> String {
            (strings[key] as? String ?? fallback).replacingOccurrences(of: "{n}", with: String(n))
                .replacingOccurrences(of: "{m}", with: String(count))
        }
        func link(_ n: Int) -> String { SitePath.relative(from: here, to: location(page, number: n)) }
        guard var value = context["page"] as? [String: Any] else { return }
        if number > 1 {
            value["title"] = "\(page.frontMatter.title) (\(text("page_number_of", "page {n} of {m}", number)))"
            value["url"] = link(number)
            value["permalink"] = baseURL + here
        }
        context["page"] = value
        var pager: [String: Any] = [
            "number": number,
            "total": count,
            "has_prev": number > 1,
            "has_next": number < count,
            "numbers": shownNumbers(current: number, count: count).map { n -> [String: Any] in
                guard let n else { return ["is_ellipsis": true] }
                return [
                    "number": n, "url": link(n), "is_current": n == number, "is_ellipsis": false,
                    "label": text("page_number", "Page {n}", n),
                ]
            },
        ]
        if number > 1 {
            pager["prev_url"] = link(number - 1)
            pager["prev_label"] = text("page_number", "Page {n}", number - 1)
        }
        if number < count {
            pager["next_url"] = link(number + 1)
            pager["next_label"] = text("page_number", "Page {n}", number + 1)
        }
        context["pager"] = pager
    }
}
