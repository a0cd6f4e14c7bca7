import Foundation
import PortalCheck
import PortalHTML
import PortalSite
import Testing

/// A page the XML parser reads (`XMLFastPath`) must come out as the HTML parser makes it: same
/// elements, attributes, lines and text, and the same findings. Every document here is read both
/// ways; those the fast path takes are compared.
@Suite struct XMLFastPathTests {
    /// Well-formed XML that the HTML parser builds differently: each must go to the HTML parser
    /// (or, where the trees agree after all, either way).
    static let changedByTheHTMLParser = [
        "<p><div>a block closes the paragraph</div></p>",
        "<p><p>a paragraph closes a paragraph</p></p>",
        "<ul><li><li>an item closes an item</li></li></ul>",
        "<p><a href=\"#a\"><a href=\"#b\">a link closes a link</a></a></p>",
        "<p>a<br>text in a line break</br></p>",
        "<p>x</p><script>if (a &amp;&amp; b) { c() }</script>",
        "<style>p { color: red }</style><p>x</p>",
        "<html><head><a href=\"#x\">a link closes the head</a></head><body><p id=\"x\">x</p></body></html>",
        "<html><head><title>t</title></head><body><html lang=\"en\"/><p>x</p></body></html>",
        "<html><head><title>t</title></head><body><body class=\"b\"/><p>x</p></body></html>",
        "<table><tbody><tr><td>a<td>a cell closes a cell</td></td></tr></tbody></table>",
        "<html><head>words in the head<title>t</title></head><body><p>x</p></body></html>",
        "<p>x</p><svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"1\" height=\"1\"/></svg>",
        "<DIV><P>upper case</P></DIV>",
        "<p title=\"a\nb\">a line feed in a value</p>",
        "<p title=\"a\tb\">a tab in a value</p>",
        "<p><![CDATA[a <b>section</b>]]></p>",
        "<p>carriage\r\nreturns</p>\r\n",
        "<p xml:lang=\"en\">a prefixed attribute</p>",
        "<select><option>a<option>an option closes an option</option></option></select>",
        "<dl><dt>a<dd>a definition closes a term</dd></dt></dl>",
        "<h1><p>a paragraph closes a heading</p></h1>",
        "<form><form>a form closes a form</form></form>",
        "<noscript><p>x</p></noscript>",
        "<textarea>a &amp; b</textarea>",
        "<template><p>x</p></template>",
        "<pre>\nthe first line feed of a pre</pre>",
        "<textarea>\nthe first line feed of a textarea</textarea>",
        "<p>&#13;a character reference to a carriage return</p>",
        "<p>a &amp; b <a href=\"?a=1&amp;b=2\">c</a></p>",
        "<p>no break&nbsp;space</p>",
        "<p>x</p><!-- a comment --><?pi an instruction?>",
        "<wbr>inside a void element libxml2 does not know</wbr>",
        "<p>x<source src=\"a.mp4\"/>after a void element libxml2 does not know</p>",
        "<table><tr><td>x</td></tr><caption>late</caption></table>",
        "<ul>\n<li>spaces</li>\n  <li> between </li>\n</ul>\n<nav>\n<a href=\"#\">x</a>\n</nav>",
    ]

    /// A doctype with an entity of its own: the XML parser would put its text in the page, the
    /// HTML parser does not; it is never read as XML.
    @Test func aDoctypeWithDeclarationsIsLeftToTheHTMLParser() throws {
        let page =
            "<!DOCTYPE html [<!ENTITY who \"a stranger\">]>\n<html lang=\"en\"><body><p title=\"&who;\">x</p></body></html>\n"
        let bytes = Array(page.utf8)
        let read = bytes.withUnsafeBytes { HTMLDocument(bytes: $0) }
        #expect(read?.readAsXML == false)
        #expect(read?.elements.contains { $0["title"]?.contains("stranger") == true } == false)
    }

    /// The forms above inside a page, with and without a doctype.
    static func pages() -> [String] {
        changedByTheHTMLParser.flatMap { body in
            [
                body,
                "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n<title>T</title>\n</head>\n"
                    + "<body>\n<main>\n\(body)\n</main>\n</body>\n</html>\n",
            ]
        }
    }

    @Test func theCasesTheHTMLParserChangesAreReadByIt() throws {
        var fast = 0
        for page in Self.pages() {
            if try compare(page, name: String(page.prefix(60))) { fast += 1 }
        }
        // The plain ones (a page with spaces between blocks) do take the fast path.
        #expect(fast >= 2, "\(fast) of \(Self.pages().count) read as XML")
    }

    /// html5lib's tree-construction documents and the W3C ACT cases (wrapped as ACT wraps them),
    /// by a name for messages.
    static func foreignDocuments() throws -> [(name: String, text: String)] {
        var documents: [(name: String, text: String)] = []
        let suite = TestSite.repositoryRoot.deletingLastPathComponent()
            .appendingPathComponent("shared/testdata/html5lib-tests/tree-construction")
        for file in try FileManager.default.contentsOfDirectory(atPath: suite.path).filter({ $0.hasSuffix(".dat") })
            .sorted()
        {
            let text = try String(contentsOf: suite.appendingPathComponent(file), encoding: .utf8)
            for (index, block) in text.components(separatedBy: "\n#data\n").enumerated() {
                let data = block.hasPrefix("#data\n") ? String(block.dropFirst(6)) : block
                guard let end = data.range(of: "\n#errors") else { continue }
                documents.append(("\(file)#\(index)", String(data[..<end.lowerBound])))
            }
        }
        let act = ACTRuleTests.data
        let manifest = try JSONDecoder().decode(
            ACTRuleTests.Manifest.self,
            from: Data(contentsOf: act.appendingPathComponent("manifest.json"))
        )
        for rule in manifest.rules {
            for testCase in rule.testcases {
                let text = try String(contentsOf: act.appendingPathComponent(testCase.file), encoding: .utf8)
                documents.append((testCase.file, ACTRuleTests.page(text, fragment: testCase.fragment ?? false)))
            }
        }
        return documents
    }

    /// The foreign documents: whichever the fast path takes must agree with the HTML parser.
    @Test func foreignDocumentsAgreeWhenReadAsXML() throws {
        let documents = try Self.foreignDocuments()
        #expect(documents.count > 1800)
        var fast = 0
        for (name, document) in documents where try compare(document, name: name) { fast += 1 }
        #expect(fast > 50, "\(fast) of \(documents.count) read as XML")
    }

    /// The repository's own site, built with the default theme: its pages are read as XML, and
    /// the check finds the same either way.
    @Test func theDefaultThemesPagesAreReadAsXMLWithTheSameFindings() throws {
        let root = try repositorySiteCopy("portal-xml-fast-path")
        defer { try? FileManager.default.removeItem(at: root) }
        let site = TestSite(root: root)
        _ = try? site.build()
        let pages = filesBelow(site.output).filter { $0.key.hasSuffix(".html") }.sorted { $0.key < $1.key }
        try #require(pages.count > 50)
        var fallBack: [String] = []
        for (path, data) in pages {
            let text = String(decoding: data, as: UTF8.self)
            // The request form and its fallback page are written by the form renderer (PortalForms),
            // not the theme's templates: the HTML parser reads them.
            let formPage = text.contains("class=\"portal-form\"") || path.hasSuffix("form-unavailable.html")
            if try !compare(text, name: path), !formPage { fallBack.append(path) }
        }
        #expect(fallBack.isEmpty, "read with the HTML parser: \(fallBack)")
        var options = CheckOptions()
        options.reader = .htmlParserOnly
        let slow = SiteChecker.check(folder: site.output, options: options)
        let fastReport = SiteChecker.check(folder: site.output, options: CheckOptions())
        #expect(slow.pagesChecked == fastReport.pagesChecked)
        #expect(Self.summary(slow) == Self.summary(fastReport))
    }

    /// Both readers over the cases above and the foreign documents, each as a page of a site: the
    /// same findings.
    @Test func theCheckFindsTheSameEitherWay() throws {
        let folder = try CheckFolder()
        defer { folder.remove() }
        for (index, page) in Self.pages().enumerated() { try folder.write("c\(index)/index.html", page) }
        for (index, document) in try Self.foreignDocuments().enumerated() {
            try folder.write("f\(index / 100)/d\(index)/index.html", document.text)
        }
        var options = CheckOptions()
        options.reader = .htmlParserOnly
        #expect(Self.summary(folder.check(options)) == Self.summary(folder.check()))
    }

    static func summary(_ report: CheckReport) -> [String] {
        report.diagnostics.map { "\($0.file):\($0.line) \($0.rule) \($0.message)" }.sorted()
    }

    /// Reads `text` both ways; when the fast path takes it, the trees must be the same. Returns
    /// whether it did.
    private func compare(_ text: String, name: String) throws -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { buffer in
            guard let fast = HTMLDocument(bytes: buffer),
                let slow = HTMLDocument(bytes: buffer, reader: .htmlParserOnly)
            else { return false }
            guard fast.readAsXML else { return false }
            let fastTree = Self.dump(fast)
            let slowTree = Self.dump(slow)
            #expect(fastTree == slowTree, "\(name): read as XML, the tree differs")
            return true
        }
    }

    /// Every element with its parent, attributes, line, text and children (texts collapsed).
    static func dump(_ document: HTMLDocument) -> [String] {
        let (elements, parents) = document.elementsWithParents()
        var index: [HTMLElement: Int] = [:]
        for (position, element) in elements.enumerated() { index[element] = position }
        return elements.enumerated().map { position, element in
            let attributes = element.attributes.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
            let children = element.childNodes.map { child -> String in
                switch child {
                case .element(let inner): return "#\(index[inner] ?? -1)"
                case .text(let text): return "'\(text)'"
                }
            }
            return "\(position)<\(parents[position]) \(element.name) [\(attributes)] line \(element.line) "
                + "text '\(element.text)' children \(children)"
        }
    }
}

extension TestSite {
    /// A site already written to `root`.
    init(root: URL) { self.root = root }
}
