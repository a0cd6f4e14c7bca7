import Foundation
import PortalDiagnostics

/// Turns a finding in a built file into a diagnostic at the place an editor fixes it: the
/// Markdown line for problems inside the page body, the front matter for titles and
/// descriptions, a template otherwise; the built file itself when there is no source map.
struct SourceLocator {
    let folder: URL
    let sources: SourceMap?
    let prefix: String
    let bodyLines: [String: ClosedRange<Int>]

    /// The diagnostic, and whether it points into a template (shared by many pages).
    func locate(_ finding: CheckFinding) -> (diagnostic: Diagnostic, inTemplate: Bool) {
        func at(_ file: String, _ line: Int, _ column: Int, inTemplate: Bool = false) -> (Diagnostic, Bool) {
            (Diagnostic(finding.severity, file: file, line: max(line, 1), column: max(column, 1), rule: finding.rule,
                message: finding.message, hint: finding.hint), inTemplate)
        }
        if finding.sourced { return at(finding.file, finding.line, finding.column) }
        var column = finding.column
        if column == 0 {
            column = BuiltFiles.column(of: finding.clues.first ?? "", line: finding.line, in: folder.path + "/" + finding.file)
        }
        guard let sources, let source = sources.pages[finding.file] else {
            return at(prefix + finding.file, finding.line, column)
        }
        if let markdown = source.markdownFile {
            if let fixed = source.fixedLine { return at(markdown, fixed, 1) }
            if let range = bodyLines[finding.file], range.contains(finding.line) {
                if let (line, column) = Self.find(finding.clues, in: source.markdownBody) {
                    return at(markdown, source.bodyLineOffset + line, column)
                }
                return at(markdown, source.bodyLineOffset + 1, 1)
            }
            if let key = finding.frontMatterKey { return at(markdown, source.frontMatterLines[key] ?? 1, 1) }
        }
        // Not from the body: the layout, one of its partials, or the base layout.
        let ordered = sources.templates.filter { $0.path == source.templateFile }
            + sources.templates.filter { $0.path != source.templateFile }
        for clue in finding.clues {
            for template in ordered {
                if let (line, column) = Self.find([clue], in: template.text) {
                    return at(template.path, line, column, inTemplate: true)
                }
            }
        }
        if let layout = source.templateFile { return at(layout, 1, 1, inTemplate: true) }
        return at(prefix + finding.file, finding.line, column)
    }

    /// Line and column (1-based) of the first clue found in a text.
    static func find(_ clues: [String], in text: String) -> (Int, Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for clue in clues where !clue.isEmpty {
            for (index, line) in lines.enumerated() {
                if let range = line.range(of: clue) {
                    return (index + 1, line.distance(from: line.startIndex, to: range.lowerBound) + 1)
                }
            }
        }
        return nil
    }
}
