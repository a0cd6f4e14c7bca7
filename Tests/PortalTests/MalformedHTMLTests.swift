import Foundation
import PortalCheck
import Testing

/// `portal check` reads HTML it did not write (Hugo's output, raw HTML kept in Markdown): no input
/// may crash or hang it.
@Suite struct MalformedHTMLTests {
    /// An unclosed `<label>` around several checkboxes: each box's name asked for the label's text,
    /// whose boxes asked for the label again, until the stack overflowed (SIGSEGV).
    @Test(.timeLimit(.minutes(1))) func anUnclosedLabelAroundCheckboxesIsNamedNotLoopedOn() throws {
        let body = """
            <label>Choose <input type="checkbox" id="a"> one <input type="checkbox" id="b"> two
            <select id="s"><option>first</option><option selected>second</option></select>
            <p>and <label for="b">the second <input type="text" value="typed"></label>
            """
        let folder = try CheckFolder(["index.html": CheckFolder.page(body: body)])
        defer { folder.remove() }
        let report = folder.check()
        #expect(report.pagesChecked == 1)
        // Every control is inside a label with text of its own, so each has a name.
        #expect(!report.diagnostics.contains { $0.rule == "control-name" }, "\(report.diagnostics.map(\.message))")
    }

    /// html5lib's tree-construction suite: 1,792 malformed documents (`#data` blocks), each checked
    /// as a page of a site. Each must come back with findings or none, within the time limit.
    @Test(.timeLimit(.minutes(3))) func everyHTML5LibTreeConstructionDocumentIsCheckedWithoutCrashing() throws {
        let suite = TestSite.repositoryRoot.deletingLastPathComponent()
            .appendingPathComponent("shared/testdata/html5lib-tests/tree-construction")
        let files = try FileManager.default.contentsOfDirectory(atPath: suite.path).filter { $0.hasSuffix(".dat") }
            .sorted()
        try #require(!files.isEmpty, "html5lib-tests not found at \(suite.path)")
        var documents: [String] = []
        for file in files {
            let text = try String(contentsOf: suite.appendingPathComponent(file), encoding: .utf8)
            for block in text.components(separatedBy: "\n#data\n").map({
                $0.hasPrefix("#data\n") ? String($0.dropFirst(6)) : $0
            }) {
                guard let end = block.range(of: "\n#errors") else { continue }
                documents.append(String(block[..<end.lowerBound]))
            }
        }
        #expect(documents.count >= 1700, "\(documents.count) documents read")
        let folder = try CheckFolder()
        defer { folder.remove() }
        for (index, document) in documents.enumerated() {
            try folder.write("d\(index / 100)/p\(index)/index.html", document)
        }
        let report = folder.check()
        #expect(report.pagesChecked == documents.count, "every document read as a page")
    }
}
