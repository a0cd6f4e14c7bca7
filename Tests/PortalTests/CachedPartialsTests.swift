import Foundation
import PortalTheme
import Testing

/// Partials the same on many pages are rendered once per distinct input (`CachedPartials`): the
/// page comes out byte for byte as the templates alone would render it, whatever the values.
@Suite struct CachedPartialsTests {
    static func theme(_ templates: [String: String]) throws -> (Theme, URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("portal-cached-\(UUID().uuidString)")
        let layouts = root.appendingPathComponent("themes/t/layouts")
        for (name, text) in templates {
            let file = layouts.appendingPathComponent(name + ".mustache")
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try Data(text.utf8).write(to: file)
        }
        let theme = try ThemeLoader.load(
            name: "t",
            themesDirectory: root.appendingPathComponent("themes"),
            siteRoot: root
        )
        return (theme, root)
    }

    /// What the theme's own templates render, with no partial kept.
    static func uncached(_ theme: Theme, _ layout: String, _ context: [String: Any]) -> String? {
        theme.library.render(context, withTemplate: layout)
    }

    static let templates = [
        "base": """
        <title>{{$title}}{{page.title}}{{/title}}</title>
        {{> partials/header}}
        {{> partials/strip}}
        {{> partials/footer}}
        <main>{{$content}}{{/content}}</main>
        {{#items}}
        {{> partials/strip}}
        {{/items}}
        x{{> partials/strip}}
        </html>

        """,
        "page": "{{<base}}\n{{$content}}<p>{{page.title}}</p>{{/content}}\n{{/base}}\n",
        "partials/header": """
        <header><a href="{{home}}">{{t.home}}</a>
        <ul>
        {{#menu}}
        <li><a href="{{url}}"{{#current}} aria-current="page"{{/current}}>{{title}}</a></li>
        {{/menu}}
        </ul>
        {{> partials/switch}}
        </header>

        """,
        "partials/switch": "{{#switch}}<a href=\"{{url}}\" data-anchors=\"{{anchors}}\">{{name}}</a>{{/switch}}\n",
        "partials/strip": "{{#help}}<p>{{note}}</p>\n{{/help}}",
        "partials/footer": "<footer>{{page.permalink}}</footer>\n",
    ]

    static func context(home: String = "../", anchors: Any = false, title: String = "A page") -> [String: Any] {
        [
            "home": home,
            "t": ["home": "Home & away"],
            "menu": [
                ["url": home + "one/", "title": "One", "current": true],
                ["url": home + "two/", "title": "Two <b>", "current": false],
            ] as [[String: Any]],
            "switch": ["url": home + "es/", "name": "Español", "anchors": anchors] as [String: Any],
            "help": ["note": "Call 988"],
            "items": [["n": 1], ["n": 2]] as [[String: Any]],
            "page": ["title": title, "permalink": "https://example.org/" + title],
        ]
    }

    @Test func pagesComeOutAsTheTemplatesRenderThem() throws {
        let (theme, root) = try Self.theme(Self.templates)
        defer { try? FileManager.default.removeItem(at: root) }
        let contexts = [
            Self.context(),
            Self.context(title: "Another"),
            Self.context(home: "../../"),
            Self.context(anchors: "a b|c d"),
            Self.context(anchors: "e f|g h"),
            Self.context(anchors: "a b|c d", title: "Third"),
            Self.context(),
        ]
        for context in contexts {
            let expected = try #require(Self.uncached(theme, "page", context))
            #expect(theme.render("page", context: context) == expected)
        }
        // The header and the strip are kept; the footer shows the page, so it is not.
        let cached = try #require(theme.cachedPartials)
        #expect(cached.uses["page"] == ["partials/header", "partials/strip"])
    }

    @Test func aMapInAnotherOrderOrAValueLikeAMarkerChangesNothing() throws {
        let (theme, root) = try Self.theme(Self.templates)
        defer { try? FileManager.default.removeItem(at: root) }
        var context = Self.context()
        _ = theme.render("page", context: context)
        // The nested partial's stand-in, in the page's own data: the header is rendered whole.
        context["switch"] = ["url": "x", "name": "\u{1}portal-partial-p2\u{1}", "anchors": false] as [String: Any]
        #expect(theme.render("page", context: context) == Self.uncached(theme, "page", context))
        var reordered: [String: Any] = [:]
        for (key, value) in Self.context().reversed() { reordered[key] = value }
        #expect(theme.render("page", context: reordered) == Self.uncached(theme, "page", reordered))
    }

    /// The key of a list of maps (the menu) is kept by the list's storage: a list shared by
    /// many pages is written out once, an edited copy is another list, and a list made after
    /// another was freed, perhaps in the same memory, is not taken for it.
    @Test func aListIsKnownByItsStorageOnlyWhileItLives() throws {
        let (theme, root) = try Self.theme(Self.templates)
        defer { try? FileManager.default.removeItem(at: root) }
        let shared: [[String: Any]] = [
            ["url": "../one/", "title": "One", "current": true],
            ["url": "../two/", "title": "Two", "current": false],
        ]
        var edited = shared
        edited[0]["current"] = false
        edited[1]["current"] = true
        var context = Self.context()
        for menu in [shared, edited, shared, edited] {
            context["menu"] = menu
            #expect(theme.render("page", context: context) == Self.uncached(theme, "page", context))
        }
        for index in 0..<50 {
            context["menu"] =
                [["url": "../\(index)/", "title": "Entry \(index)", "current": index % 2 == 0]]
                as [[String: Any]]
            #expect(theme.render("page", context: context) == Self.uncached(theme, "page", context))
        }
    }

    @Test func partialsInsideSectionsOrLookingAtThePageAreNotKept() throws {
        let (theme, root) = try Self.theme([
            "page": "{{#items}}\n{{> partials/item}}\n{{/items}}\n{{> partials/title}}\n",
            "partials/item": "<li>{{n}}</li>\n",
            "partials/title": "<h1>{{page.title}}</h1>\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(theme.cachedPartials == nil)
        let context = Self.context()
        #expect(theme.render("page", context: context) == "<li>1</li>\n<li>2</li>\n<h1>A page</h1>\n")
    }

    @Test func aPartialIndentedOrInsideAnotherIndentedOneIsRenderedInPlace() throws {
        var templates = Self.templates
        templates["wrapper"] = "<div>\n  {{> partials/strip}}\n  {{> inner}}\n</div>\n"
        templates["inner"] = "{{> partials/strip}}\n{{> partials/header}}\n"
        let (theme, root) = try Self.theme(templates)
        defer { try? FileManager.default.removeItem(at: root) }
        let context = Self.context(anchors: "a|b")
        #expect(theme.render("wrapper", context: context) == Self.uncached(theme, "wrapper", context))
        #expect(theme.render("wrapper", context: context)?.contains("\n  <p>Call 988</p>\n") == true)
        #expect(theme.cachedPartials?.uses["wrapper"] == nil)
    }

    @Test func aDynamicPartialTurnsCachingOff() throws {
        let (theme, root) = try Self.theme([
            "page": "{{> partials/strip}}\n{{>*which}}\n",
            "partials/strip": "{{#help}}<p>{{note}}</p>\n{{/help}}",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(theme.cachedPartials == nil)
    }
}
