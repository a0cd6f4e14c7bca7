import Foundation
import PortalDiagnostics
import PortalTheme
import Testing

/// Theme templates escape `{{values}}` with the theme's own byte-level escaping (selected by a
/// pragma the loader puts before each template): the same five characters as swift-mustache,
/// and the template's first line still behaves as the first line.
@Suite struct HTMLEscapingTests {
    @Test func valuesAreEscapedAndRawValuesAreNot() throws {
        let (theme, root) = try themeFromTemplates(["page": "<p title=\"{{v}}\">{{v}}</p>{{{v}}}\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let value = "<a href=\"x\">Tom & Jerry's café</a>"
        #expect(
            theme.render("page", context: ["v": value])
                == "<p title=\"&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s café&lt;/a&gt;\">&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s café&lt;/a&gt;</p>\(value)\n"
        )
        #expect(
            theme.render("page", context: ["v": "plain words"])
                == "<p title=\"plain words\">plain words</p>plain words\n"
        )
    }

    @Test func aStandaloneFirstLineStaysStandalone() throws {
        let (theme, root) = try themeFromTemplates([
            "list": "{{#items}}\n<li>{{.}}</li>\n{{/items}}\n",
            "base": "<main>{{$content}}{{/content}}</main>\n",
            "page": "{{<base}}\n{{$content}}<p>{{v}}</p>{{/content}}\n{{/base}}\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(theme.render("list", context: ["items": ["a", "b"]]) == "<li>a</li>\n<li>b</li>\n")
        #expect(theme.render("page", context: ["v": "x"]) == "<main><p>x</p></main>\n")
    }

    @Test func templateErrorsNameTheFilesOwnLine() throws {
        // The unexpected closing tag is on the file's line 3 (the pragma's line is not counted).
        do {
            _ = try themeFromTemplates(["page": "<p>\n{{#open}}\n{{/shut}}\n</p>\n"])
            Issue.record("a wrong closing tag must fail")
        } catch let error as DiagnosticList {
            #expect(error.diagnostics.map(\.line) == [3])
            #expect(error.diagnostics.first?.file.hasSuffix("page.mustache") == true)
        }
    }
}
