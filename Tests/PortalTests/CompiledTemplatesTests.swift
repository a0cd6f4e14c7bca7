import Foundation
import Mustache
import PortalTheme
import Testing

/// `CompiledTemplates` renders swift-mustache's parse of a template without its dynamic casts:
/// every output must be the bytes swift-mustache renders, and what it does not know (a value of
/// another type, a dynamic partial, a sequence's `first()`) must be left to swift-mustache.
@Suite struct CompiledTemplatesTests {
    static let templates: [String: String] = [
        "values": "{{a}} {{{a}}} {{&a}} {{n}} {{d}} {{b}} [{{missing}}] {{m.x}} {{m.y.z}} {{m.nothing.z}} {{a.x}}\n",
        "sections": """
        {{#list}}<{{name}}|{{a}}>{{/list}}{{^list}}none{{/list}}
        {{#b}}yes{{/b}}{{^b}}no{{/b}} {{#m}}{{x}}/{{n}}{{/m}} {{#a}}[{{.}}]{{/a}} {{#n}}({{.}}){{/n}}
        {{#d}}{{.}}{{/d}} {{^n}}not{{/n}} {{^missing}}absent{{/missing}} {{#missing}}present{{/missing}}
        {{^empty}}[{{.}}]{{/empty}} {{#empty}}never{{/empty}} {{#tags}}{{.}},{{/tags}} {{^tags}}no tags{{/tags}}
        {{#labels}}{{x}}{{/labels}} {{labels.x}} {{#mixed}}<{{.}}>{{/mixed}}
        {{#list}}{{#m}}{{name}}:{{x}}{{/m}}{{/list}}

        """,
        "dots": "{{#m}}{{.x}}|{{.a}}|{{a}}|{{.}}{{/m}} {{#list}}{{.name}}{{/list}} {{..}}{{#list}}{{ . }}{{/list}}\n",
        "standalone": """
        begin
          {{#list}}
          {{name}}
          {{/list}}
        {{! a comment
            on two lines }}
           {{! a standalone comment }}
        {{^list}}
        nothing
        {{/list}}
        end

        """,
        "indented": "<ul>\n  {{> item}}\n  {{> item}}\n</ul>\n{{#list}}\n    {{> item}}\n{{/list}}\nx {{> item}} y\n",
        "item": "<li>{{a}}</li>\n<li>{{name}}</li>\n{{#b}}\n  {{> leaf}}\n{{/b}}\n",
        "leaf": "leaf one\n\nleaf {{n}}\n",
        "base": """
        <title>{{$title}}Default title{{/title}}</title>
        {{$body}}
        <p>default body</p>
        {{/body}}
          {{$indented}}
          one
          two
          {{/indented}}
        {{> footer}}

        """,
        "footer": "<footer>{{$note}}no note{{/note}} {{a}}</footer>\n",
        "page": """
        {{<base}}
        {{$title}}{{a}}{{/title}}
        {{$body}}
        <p>{{#list}}{{name}} {{/list}}</p>
        {{/body}}
        {{$note}}page note{{/note}}
        {{/base}}

        """,
        "subpage": "{{<page}}{{$title}}Sub {{n}}{{/title}}{{/page}}\n",
        "delimiters": "{{=<% %>=}}<% a %> <%#list%><% name %><%/list%>\n<%={{ }}=%>{{a}}\n",
        "crlf": "a\r\n{{#b}}\r\nyes\r\n{{/b}}\r\n  {{> leaf}}\r\nz",
        "text": "{{% CONTENT_TYPE: TEXT}}\n{{a}} {{html}}\n{{#list}}{{a}}{{/list}}\n",
        "transforms": """
        {{uppercased(a)}} {{count(list)}} {{capitalized(html)}}
        {{#empty(list)}}empty{{/empty(list)}} {{^empty(list)}}not empty{{/empty(list)}}
        {{lowercased(uppercased(a))}} {{plusone(n)}} {{#sorted(tags)}}{{.}}{{/sorted(tags)}} {{nosuch(a)}}

        """,
        "missing-partial": "{{> nothere}}after\n",
        "tree": "{{name}}{{#children}}({{> tree}}){{/children}}",
    ]

    nonisolated(unsafe) static let contexts: [[String: Any]] = [
        [
            "a": "A & <b> \"q\" 'x' e\u{301}",
            "n": 42,
            "d": 1.5,
            "b": true,
            "m": ["x": "mx", "y": ["z": "deep"], "n": 7] as [String: Any],
            "list": [["name": "one"], ["name": "two", "a": "own", "m": ["x": "inner"]]] as [[String: Any]],
            "tags": ["t2", "t1"],
            "labels": ["x": "lx"] as [String: String],
            "empty": [Any](),
            "mixed": ["s", 3, false, ["k": "v"] as [String: Any], [1, 2] as [Any]] as [Any],
            "html": "<i>",
            "children": [
                // A name not found looks further down the stack: each level says it has no children.
                ["name": "c1", "children": [["name": "c1a", "children": [Any]()]] as [[String: Any]]],
                ["name": "c2", "children": false],
            ] as [[String: Any]],
        ],
        [
            "a": "",
            "n": 0,
            "d": -0.25,
            "b": false,
            "m": [String: Any](),
            "list": [[String: Any]](),
            "tags": [String](),
            "empty": ["not empty"] as [Any],
            "mixed": [Any](),
        ],
        [:],
    ]

    /// The texts as ThemeLoader would compile them, or plain (swift-mustache's own HTML escaping).
    static func library(withPragma: Bool) throws -> (MustacheLibrary, CompiledTemplates) {
        if withPragma {
            // The theme loader refuses a missing partial.
            let (theme, root) = try themeFromTemplates(templates.filter { $0.key != "missing-partial" })
            try? FileManager.default.removeItem(at: root)
            return (theme.library, try #require(theme.compiled))
        }
        var library = MustacheLibrary()
        for (name, text) in templates { try library.register(text, named: name) }
        return (library, try #require(CompiledTemplates(library: library, names: templates.keys)))
    }

    @Test(arguments: [false, true])
    func everyTemplateRendersAsSwiftMustacheDoes(withPragma: Bool) throws {
        let (library, compiled) = try Self.library(withPragma: withPragma)
        for name in Self.templates.keys.sorted() where !withPragma || name != "missing-partial" {
            for (index, context) in Self.contexts.enumerated() {
                let expected = library.render(context, withTemplate: name)
                let rendered = compiled.render(name, context: context)
                #expect(rendered != nil, "\(name), context \(index): left to swift-mustache")
                #expect(rendered == expected, "\(name), context \(index)")
            }
        }
        // What the cases above show is not nothing.
        let page = compiled.render("subpage", context: Self.contexts[0]) ?? ""
        #expect(page.contains("<title>Sub 42</title>") && page.contains("page note") && page.contains("one two"))
        #expect(
            compiled.render("indented", context: Self.contexts[0])?.contains("\n    leaf one\n    \n    leaf 42\n")
                == true
        )
        #expect(compiled.render("nothing", context: Self.contexts[0]) == nil)
    }

    struct Reflected {
        var a = "from a struct"
    }

    /// Values of types swift-mustache reads through its protocols or `Mirror`, and tags that read
    /// its own state: the compiled templates step aside, and the theme renders as swift-mustache.
    @Test func whatOnlySwiftMustacheRendersIsLeftToIt() throws {
        let texts = [
            "value": "<{{v}}>{{#v}}[{{a}}]{{/v}}{{^v}}none{{/v}}\n",
            "dotted": "{{v.a}}\n",
            "dynamic": "{{>*which}}|\n",
            "first": "{{#list}}{{#first()}}first {{/first()}}{{name}}{{/list}}\n",
            // The transform gives a value of another type (a `ReversedCollection`).
            "reversed": "{{#reversed(list)}}{{name}}{{/reversed(list)}}\n",
            "inside": "{{#list}}{{a}}{{/list}}\n",
            "leaf": "leaf\n",
        ]
        let (theme, root) = try themeFromTemplates(texts)
        defer { try? FileManager.default.removeItem(at: root) }
        let compiled = try #require(theme.compiled)
        let lambda = MustacheLambda { (text: String) -> Any? in "<lambda \(text)>" }
        let values: [Any] = [lambda, NSNull(), Optional("wrapped") as Any, Reflected(), Set(["x"]), 7 as Int64]
        for (index, value) in values.enumerated() {
            for layout in ["value", "dotted"] {
                let context: [String: Any] = ["v": value]
                #expect(compiled.render(layout, context: context) == nil, "\(layout), value \(index)")
                #expect(theme.render(layout, context: context) == theme.library.render(context, withTemplate: layout))
            }
        }
        let list: [String: Any] = ["list": [["name": "one"], ["name": "two"]] as [[String: Any]], "which": "leaf"]
        for layout in ["dynamic", "first", "reversed"] {
            #expect(compiled.render(layout, context: list) == nil, "\(layout)")
            let expected = try #require(theme.library.render(list, withTemplate: layout))
            #expect(theme.render(layout, context: list) == expected)
        }
        #expect(theme.render("dynamic", context: list) == "leaf\n|\n")
        // A value of another type inside a list item, met only there.
        let deep: [String: Any] = ["list": [["a": "fine"], ["a": NSNull()]] as [[String: Any]]]
        #expect(compiled.render("inside", context: deep) == nil)
        #expect(theme.render("inside", context: deep) == theme.library.render(deep, withTemplate: "inside"))
    }

    /// The repository's site with the default theme, in both languages: every page rendered by
    /// the compiled templates (none left to swift-mustache), byte for byte as swift-mustache.
    @Test func theRepositorysSiteIsTheSameEitherWay() throws {
        var snapshots: [[String: Data]] = []
        for renderer in [TemplateRenderer.compiledOnly, .swiftMustacheOnly] {
            let root = try repositorySiteCopy("portal-compiled-site")
            defer { try? FileManager.default.removeItem(at: root) }
            let site = TestSite(root: root)
            _ = try? site.build(templateRenderer: renderer)
            snapshots.append(site.snapshot())
        }
        let pages = snapshots[0].keys.filter { $0.hasSuffix(".html") }
        #expect(pages.count > 100)
        #expect(snapshots[0].keys.sorted() == snapshots[1].keys.sorted())
        let differ = snapshots[0].keys.filter { snapshots[0][$0] != snapshots[1][$0] }.sorted()
        #expect(differ.isEmpty, "differ: \(differ.prefix(10))")
        let empty = pages.filter { snapshots[0][$0]?.isEmpty ?? true }.sorted()
        #expect(empty.isEmpty, "left to swift-mustache: \(empty.prefix(10))")
    }
}
