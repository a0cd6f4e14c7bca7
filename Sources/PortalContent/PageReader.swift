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
        /// The file's `FileStamp` as read (`ReadStamps`).
        var stamp = ""
        /// Set when the body was not read: the file is as the last build read it (`Page.bodyFile`).
        var bodyFile: String?
    }

    /// `memo`: front matter parsed by the last build, by `source`.
    static func read(_ url: URL, displayPath: String, memo: FrontMatterMemo? = nil, source: String = "") -> Result {
        guard let file = SourceFile.read(url.path), let stamp = file.stamp else {
            return failure(
                .error(
                    displayPath,
                    rule: "read",
                    "the file could not be read",
                    hint: "check that it exists and is readable"
                )
            )
        }
        var result = decoded(file.bytes, displayPath: displayPath, memo: memo, source: source)
        result.stamp = stamp
        return result
    }

    /// A file the last build read, unchanged since (`ReadStamps.unchanged`): its front matter as
    /// that build parsed it, its body left unread until something needs it.
    static func unread(
        _ path: String,
        displayPath: String,
        node: YAMLNode,
        bodyLineOffset: Int,
        stamp: String
    ) -> Result {
        let (matter, problems) = FrontMatterReader.read(node, file: displayPath, firstLine: 1)
        return Result(
            frontMatter: matter,
            body: "",
            bodyLineOffset: bodyLineOffset,
            problems: problems,
            stamp: stamp,
            bodyFile: path
        )
    }

    private static func decoded(_ data: [UInt8], displayPath: String, memo: FrontMatterMemo?, source: String) -> Result
    {
        switch UTF8Text.decode(data) {
        case .failure(.invalid(let line, let column)):
            return failure(
                .error(
                    displayPath,
                    line: line,
                    column: column,
                    rule: "encoding",
                    "the file is not valid UTF-8 text",
                    hint: "save the file as UTF-8 in your editor (or retype the character at this spot)"
                )
            )
        case .success(let text):
            return split(text, displayPath: displayPath, memo: memo, source: source)
        }
    }

    /// Splits the front matter from the body on UTF-8 bytes (Character-by-Character splitting of
    /// every file was a large share of the build's time).
    static func split(_ text: String, displayPath: String, memo: FrontMatterMemo? = nil, source: String = "") -> Result
    {
        var text = text
        return text.withUTF8 { bytes -> Result in
            let newline = UInt8(ascii: "\n")
            // The first line must be `---` (a Windows line end is fine).
            var lineEnd = bytes.firstIndex(of: newline) ?? bytes.count
            let firstLine =
                bytes[0..<lineEnd].last == UInt8(ascii: "\r") ? bytes[0..<(lineEnd - 1)] : bytes[0..<lineEnd]
            guard firstLine.elementsEqual("---".utf8) else {
                // The whole file is the body: its links and anchors are still checked.
                return Result(
                    frontMatter: FrontMatter(),
                    body: String(decoding: bytes, as: UTF8.self),
                    bodyLineOffset: 0,
                    problems: [
                        .error(
                            displayPath,
                            line: 1,
                            column: 1,
                            rule: "front-matter",
                            "the page does not start with front matter",
                            hint: "start the file with a line '---', then 'title: Your title', then another '---'"
                        )
                    ]
                )
            }
            let yamlStart = min(lineEnd + 1, bytes.count)
            var lineNumber = 1
            var position = yamlStart
            while position < bytes.count {
                lineNumber += 1
                lineEnd = bytes[position...].firstIndex(of: newline) ?? bytes.count
                var line = bytes[position..<lineEnd]
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                if line.elementsEqual("---".utf8) || line.elementsEqual("...".utf8) {
                    let yaml = String(decoding: bytes[yamlStart..<position], as: UTF8.self)
                    let bodyStart = min(lineEnd + 1, bytes.count)
                    let body = String(decoding: bytes[bodyStart...], as: UTF8.self)
                    do throws(DiagnosticList) {
                        let node: YAMLNode?
                        if let known = memo?.node(for: source, yaml: yaml) {
                            node = known
                        } else {
                            node = try YAMLReader.parse(yaml, file: displayPath, lineOffset: 1)
                            if let node { memo?.remember(node, for: source, yaml: yaml) }
                        }
                        let (matter, problems) = FrontMatterReader.read(node, file: displayPath, firstLine: 1)
                        return Result(frontMatter: matter, body: body, bodyLineOffset: lineNumber, problems: problems)
                    } catch {
                        return Result(
                            frontMatter: FrontMatter(),
                            body: body,
                            bodyLineOffset: lineNumber,
                            problems: error.diagnostics
                        )
                    }
                }
                position = lineEnd + 1
            }
            return failure(
                .error(
                    displayPath,
                    line: 1,
                    column: 1,
                    rule: "front-matter",
                    "the front matter is never closed",
                    hint: "add a line '---' after the last front matter key"
                )
            )
        }
    }

    private static func failure(_ diagnostic: Diagnostic) -> Result {
        Result(frontMatter: FrontMatter(), body: "", bodyLineOffset: 0, problems: [diagnostic])
    }
}
