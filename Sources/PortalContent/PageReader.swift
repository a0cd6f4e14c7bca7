import Foundation
import PortalDiagnostics
import PortalSupport
import PortalYAML

/// Reads one Markdown file: checks its encoding, splits and reads the front matter.
enum PageReader {
    struct Result: Sendable {
        var frontMatter: FrontMatter
        var body: String
        var bodyLineOffset: Int
        var problems: [Diagnostic]
    }

    static func read(_ url: URL, displayPath: String) -> Result {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return failure(.error(displayPath, rule: "read", "the file could not be read", hint: "check that it exists and is readable"))
        }
        switch UTF8Text.decode(data) {
        case .failure(.invalid(let line, let column)):
            return failure(
                .error(
                    displayPath, line: line, column: column, rule: "encoding",
                    "the file is not valid UTF-8 text",
                    hint: "save the file as UTF-8 in your editor (or retype the character at this spot)"))
        case .success(let text):
            return split(text, displayPath: displayPath)
        }
    }

    static func split(_ text: String, displayPath: String) -> Result {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if let first = lines.first, first.hasSuffix("\r") { lines[0] = first.dropLast() }
        guard lines.first == "---" else {
            return failure(
                .error(
                    displayPath, line: 1, column: 1, rule: "front-matter",
                    "the page does not start with front matter",
                    hint: "start the file with a line '---', then 'title: Your title', then another '---'"))
        }
        guard let closing = lines.dropFirst().firstIndex(where: { line in
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            return trimmed == "---" || trimmed == "..."
        }) else {
            return failure(
                .error(
                    displayPath, line: 1, column: 1, rule: "front-matter",
                    "the front matter is never closed",
                    hint: "add a line '---' after the last front matter key"))
        }
        let yaml = lines[1..<closing].joined(separator: "\n")
        let body = lines[(closing + 1)...].joined(separator: "\n")
        do {
            let node = try YAMLReader.parse(yaml, file: displayPath, lineOffset: 1)
            let (matter, problems) = FrontMatterReader.read(node, file: displayPath, firstLine: 1)
            return Result(frontMatter: matter, body: body, bodyLineOffset: closing + 1, problems: problems)
        } catch {
            return Result(frontMatter: FrontMatter(), body: body, bodyLineOffset: closing + 1, problems: error.diagnostics)
        }
    }

    private static func failure(_ diagnostic: Diagnostic) -> Result {
        Result(frontMatter: FrontMatter(), body: "", bodyLineOffset: 0, problems: [diagnostic])
    }
}
