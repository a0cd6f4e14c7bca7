import PortalConfig
import PortalMarkdown

/// Hugo's permalink patterns (`/articles/:year/:month/:slug/`) filled in for one page.
enum Permalinks {
    struct Problem: Error {
        var message: String
        var hint: String
    }

    /// The pattern for the page's top-level section (`/` for pages at the top), if `site.yml` has one.
    static func pattern(for page: Page, config: SiteConfig) -> PermalinkPattern? {
        let kind: String
        switch page.kind {
        case .page: kind = "page"
        case .section: kind = "section"
        default: return nil
        }
        let topFolder = page.directory.split(separator: "/").first.map(String.init) ?? "/"
        return config.hugo.permalinks[kind]?[topFolder]
    }

    /// The site path the pattern gives, without the language prefix or slashes at either end.
    static func expand(_ pattern: PermalinkPattern, for page: Page) -> Result<String, Problem> {
        let matter = page.frontMatter
        let folders = page.directory.split(separator: "/").map(String.init)
        let baseName = page.kind == .page ? page.baseName : (folders.last ?? "")
        func two(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }
        var output = ""
        var rest = pattern.text[...]
        while let colon = rest.firstIndex(of: ":") {
            output += rest[..<colon]
            let after = rest[rest.index(after: colon)...]
            let name = String(after.prefix { $0.isLetter })
            rest = after.dropFirst(name.count)
            switch name {
            case "year", "month", "day":
                guard let date = matter.date else {
                    return .failure(
                        Problem(
                            message: "the permalink pattern for this section uses :\(name), but the page has no 'date'",
                            hint: "add 'date: YYYY-MM-DD' to the page, or set its address with 'url:'"
                        )
                    )
                }
                output += name == "year" ? String(date.year) : two(name == "month" ? date.month : date.day)
            case "slug": output += matter.slug ?? Slug.make(matter.title)
            case "title": output += Slug.make(matter.title)
            case "section": output += folders.first ?? ""
            case "sections": output += folders.joined(separator: "/")
            case "filename", "contentbasename": output += baseName
            default: output += matter.slug ?? baseName  // slugorfilename, slugorcontentbasename
            }
        }
        output += rest
        let path = output.split(separator: "/").joined(separator: "/")
        if let problem = SlugRules.problem(withPath: path.isEmpty ? "/" : path) {
            return .failure(
                Problem(
                    message: "the permalink pattern makes the address '\(path)', which \(problem)",
                    hint: "change the page's title or slug, or set its address with 'url:'"
                )
            )
        }
        return .success(path)
    }
}
