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
    /// Every template split into lines once: a template problem repeats on thousands of pages.
    private let templateLines: [(path: String, lines: [Substring])]
    private var templateHits: [[String]: (String, Int, Int)?] = [:]

    init(folder: URL, sources: SourceMap?, prefix: String, bodyLines: [String: ClosedRange<Int>]) {
        self.folder = folder
        self.sources = sources
        self.prefix = prefix
        self.bodyLines = bodyLines
        templateLines = (sources?.templates ?? []).map {
            ($0.path, $0.text.split(separator: "\n", omittingEmptySubsequences: false))
        }
    }

    /// The diagnostic, and whether it points into a template (shared by many pages).
    mutating func locate(_ finding: CheckFinding) -> (diagnostic: Diagnostic, inTemplate: Bool) {
        func at(_ file: String, _ line: Int, _ column: Int, inTemplate: Bool = false) -> (Diagnostic, Bool) {
            (
                Diagnostic(
                    finding.severity,
                    file: file,
                    line: max(line, 1),
                    column: max(column, 1),
                    rule: finding.rule,
                    message: finding.message,
                    hint: finding.hint
                ), inTemplate
            )
        }
        if finding.sourced { return at(finding.file, finding.line, finding.column) }
        var column = finding.column
        if column == 0 {
            column = BuiltFiles.column(
                of: finding.clues.first ?? "",
                line: finding.line,
                in: folder.path + "/" + finding.file
            )
        }
        guard let sources, let source = sources.pages[finding.file] else {
            return at(prefix + finding.file, finding.line, column)
        }
        if let markdown = source.markdownFile {
            if let fixed = source.fixedLine { return at(markdown, fixed, 1) }
            if let range = bodyLines[finding.file], range.contains(finding.line) {
                if let id = finding.elementID, let line = source.headingLines[id] { return at(markdown, line, 1) }
                if let (line, column) = Self.find(finding.clues, in: source.markdown) {
                    return at(markdown, source.bodyLineOffset + line, column)
                }
                return at(markdown, source.bodyLineOffset + 1, 1)
            }
            if let key = finding.frontMatterKey { return at(markdown, source.frontMatterLines[key] ?? 1, 1) }
        }
        // Not from the body: the layout, one of its partials, or the base layout.
        let key = [source.templateFile ?? ""] + finding.clues
        if templateHits[key] == nil {
            templateHits[key] = .some(templateLine(finding.clues, layout: source.templateFile))
        }
        if let hit = templateHits[key], let (path, line, column) = hit {
            return at(path, line, column, inTemplate: true)
        }
        if let layout = source.templateFile { return at(layout, 1, 1, inTemplate: true) }
        return at(prefix + finding.file, finding.line, column)
    }

    private func templateLine(_ clues: [String], layout: String?) -> (String, Int, Int)? {
        let ordered = templateLines.filter { $0.path == layout } + templateLines.filter { $0.path != layout }
        for clue in clues where !clue.isEmpty {
            for template in ordered {
                for (index, line) in template.lines.enumerated() {
                    if let range = line.range(of: clue) {
                        return (
                            template.path, index + 1, line.distance(from: line.startIndex, to: range.lowerBound) + 1
                        )
                    }
                }
            }
        }
        return nil
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
