import Foundation
import PortalMarkdown
import PortalSupport
import Testing

/// The project's Markdown module renders every spec example exactly as Debian's `cmark-gfm`
/// command does with the same extensions and options: the wrapper adds no drift.
/// The suites come from scripts/fetch-markdown-spec.sh (run by `make test`).
@Suite struct MarkdownConformanceTests {
    struct Example {
        var file: String
        var number: Int
        var markdown: String
        var expected: String
    }

    static var specFolder: URL {
        if let folder = ProcessInfo.processInfo.environment["PORTAL_MARKDOWN_SPEC"] {
            return URL(fileURLWithPath: folder)
        }
        return TestSite.repositoryRoot.appendingPathComponent(".cache/markdown-spec")
    }

    static func examples() -> [Example] {
        let files =
            (try? FileManager.default.contentsOfDirectory(atPath: specFolder.path))?.filter { $0.hasSuffix(".txt") }
            .sorted() ?? []
        var all: [Example] = []
        let fence = String(repeating: "`", count: 32)
        for file in files {
            guard let text = try? String(contentsOf: specFolder.appendingPathComponent(file), encoding: .utf8) else {
                continue
            }
            var number = 0
            var markdown: [Substring] = []
            var html: [Substring] = []
            var state = 0  // 0 outside, 1 markdown, 2 html
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if state == 0, line.hasPrefix(fence + " example") {
                    state = 1
                    markdown = []
                    html = []
                } else if state == 1, line == "." {
                    state = 2
                } else if state == 2, line == fence {
                    number += 1
                    func join(_ lines: [Substring]) -> String {
                        (lines.map(String.init).joined(separator: "\n") + (lines.isEmpty ? "" : "\n"))
                            .replacingOccurrences(of: "→", with: "\t")
                    }
                    all.append(Example(file: file, number: number, markdown: join(markdown), expected: join(html)))
                    state = 0
                } else if state == 1 {
                    markdown.append(line)
                } else if state == 2 {
                    html.append(line)
                }
            }
        }
        return all
    }

    /// Renders many documents with one `cmark-gfm` process per document.
    static func referenceHTML(_ inputs: [String], arguments: [String]) async throws -> [String] {
        var outputs: [String] = []
        for input in inputs {
            let run = try await ProgramRun(URL(fileURLWithPath: "/usr/bin/cmark-gfm"), arguments, input: input)
            outputs.append(run.stdout)
        }
        return outputs
    }

    @Test(arguments: [false, true])
    func everySpecExampleMatchesTheCmarkGFMCommand(rawHTML: Bool) async throws {
        let examples = Self.examples()
        try #require(
            examples.count > 1500,
            "spec suites missing in \(Self.specFolder.path): run scripts/fetch-markdown-spec.sh (make test does)"
        )
        try #require(
            FileManager.default.isExecutableFile(atPath: "/usr/bin/cmark-gfm"),
            "install Debian's cmark-gfm (make deps)"
        )
        let options = MarkdownOptions(footnotes: true, allowRawHTML: rawHTML)
        var arguments = ["-e", "footnotes"]
        for name in options.extensions { arguments += ["-e", name] }
        if rawHTML { arguments.append("--unsafe") }
        let reference = try await Self.referenceHTML(examples.map(\.markdown), arguments: arguments)
        var mismatches: [String] = []
        var perFile: [String: (total: Int, ours: Int, cli: Int)] = [:]
        for (example, cli) in zip(examples, reference) {
            let ours = MarkdownDocument(example.markdown, options: options).renderHTML()
            if ours != cli { mismatches.append("\(example.file) example \(example.number)") }
            var counts = perFile[example.file, default: (0, 0, 0)]
            counts.total += 1
            if ours == example.expected { counts.ours += 1 }
            if cli == example.expected { counts.cli += 1 }
            perFile[example.file] = counts
        }
        for (file, counts) in perFile.sorted(by: { $0.key < $1.key }) {
            print(
                "conformance (\(rawHTML ? "raw HTML on" : "safe mode")): \(file): \(counts.total) examples, identical to cmark-gfm CLI: \(counts.total - mismatches.filter { $0.hasPrefix(file) }.count), matching the spec's HTML: ours \(counts.ours), CLI \(counts.cli)"
            )
        }
        #expect(mismatches.isEmpty, "differs from cmark-gfm: \(mismatches.prefix(20))")
    }

    /// Block parsing runs on all threads and only `cmark_parser_finish` is serialised: documents
    /// parsed at the same time come out exactly as they do one by one, extensions included
    /// (without the lock, strikethrough and autolinks go missing under load).
    @Test func parsesOnManyThreadsMatchParsesOneByOne() throws {
        let examples = Self.examples()
        try #require(
            examples.count > 1500,
            "spec suites missing in \(Self.specFolder.path): run scripts/fetch-markdown-spec.sh (make test does)"
        )
        let options = MarkdownOptions(footnotes: true)
        // Every example, and bigger documents made of many, so parses overlap for longer.
        let documents =
            examples.map(\.markdown)
            + stride(from: 0, to: examples.count, by: 50).map { start in
                examples[start..<min(start + 50, examples.count)].map(\.markdown).joined(separator: "\n\n")
            }
        let oneByOne = documents.map { MarkdownDocument($0, options: options).renderHTML() }
        for _ in 0..<3 {
            let together = documents.parallelMap { MarkdownDocument($0, options: options).renderHTML() }
            let differing = zip(oneByOne, together).filter { $0 != $1 }.count
            #expect(differing == 0, "\(differing) of \(documents.count) documents differ when parsed in parallel")
        }
    }
}
