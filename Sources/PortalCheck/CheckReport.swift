import Foundation
import PortalDiagnostics

/// What a check found, sorted: the same input always prints the same lines.
public struct CheckReport: Sendable {
    public var pagesChecked: Int
    /// Pages whose scan came from the last check (their bytes had not changed).
    public var pagesReused = 0
    public var diagnostics: [Diagnostic]
    public var seconds: Double
    /// The lines of each built page that hold its Markdown body (by site path), for the build
    /// to keep (`BuildMemo`).
    public var bodyLines: [String: ClosedRange<Int>] = [:]

    public init(pagesChecked: Int, diagnostics: [Diagnostic], seconds: Double) {
        self.pagesChecked = pagesChecked
        self.diagnostics = Array(Set(diagnostics)).sorted()
        self.seconds = seconds
    }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// `Checked 72 pages: 0 errors, 3 warnings`
    public var summary: String {
        let errorCount = errors.count
        let warningCount = warnings.count
        return "Checked \(pagesChecked) page\(pagesChecked == 1 ? "" : "s"): "
            + "\(errorCount) error\(errorCount == 1 ? "" : "s"), \(warningCount) warning\(warningCount == 1 ? "" : "s")"
    }

    /// ` (70 unchanged since the last check)`, or nothing: says that results were reused.
    public var reuseNote: String {
        pagesReused == 0 ? "" : " (\(pagesReused) unchanged since the last check)"
    }

    /// One line per finding, for people and editors that jump to `file:line:column`.
    public var lines: [String] { diagnostics.map(\.checkLine) }

    /// For tools: `{"pages": 72, "errors": 0, "warnings": 3, "rules": {...}, "findings": [...]}`.
    public func json() -> String { Self.json(pages: pagesChecked, diagnostics: diagnostics) }

    /// The same document for any list of findings (`portal build --format json` adds its own).
    public static func json(pages: Int, diagnostics: [Diagnostic]) -> String {
        struct Finding: Encodable {
            var file: String, line: Int, column: Int, severity: String, rule: String, message: String, hint: String
        }
        struct Count: Encodable {
            var errors: Int, warnings: Int
        }
        struct Document: Encodable {
            var pages: Int, errors: Int, warnings: Int, rules: [String: Count], findings: [Finding]
        }
        let document = Document(
            pages: pages,
            errors: diagnostics.filter { $0.severity == .error }.count,
            warnings: diagnostics.filter { $0.severity == .warning }.count,
            rules: ruleCounts(diagnostics).mapValues { Count(errors: $0.errors, warnings: $0.warnings) },
            findings: diagnostics.map {
                Finding(
                    file: $0.file,
                    line: $0.line,
                    column: $0.column,
                    severity: $0.severity.rawValue,
                    rule: $0.rule,
                    message: $0.message,
                    hint: $0.hint
                )
            }
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(document) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// How many errors and warnings each rule found.
    public static func ruleCounts(_ diagnostics: [Diagnostic]) -> [String: (errors: Int, warnings: Int)] {
        var counts: [String: (errors: Int, warnings: Int)] = [:]
        for diagnostic in diagnostics {
            var count = counts[diagnostic.rule] ?? (0, 0)
            if diagnostic.severity == .error { count.errors += 1 } else { count.warnings += 1 }
            counts[diagnostic.rule] = count
        }
        return counts
    }
}

extension Diagnostic {
    /// The checker's line: `file:line:column: error: rule-id: message` (the build keeps `headline`).
    public var checkLine: String {
        "\(file):\(max(line, 1)):\(max(column, 1)): \(severity.rawValue): \(rule): \(message)"
    }
}
