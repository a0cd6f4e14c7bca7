/// A problem found in the site's input, reported like a compiler's:
/// `content/self-care/boundaries.md:3:8: error: 'weight' must be a number, found "first"`
/// followed by a one-line hint that says how to fix it.
public struct Diagnostic: Error, Hashable, Sendable, Comparable {
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    /// Path as the user should see it, relative to the site folder when possible.
    public var file: String
    /// 1-based; 0 when the problem concerns the whole file.
    public var line: Int
    /// 1-based; 0 when unknown.
    public var column: Int
    public var severity: Severity
    /// Short stable identifier, e.g. `front-matter`, `broken-link`.
    public var rule: String
    public var message: String
    /// How to fix it, in one line. May be empty.
    public var hint: String

    public init(
        _ severity: Severity,
        file: String,
        line: Int = 0,
        column: Int = 0,
        rule: String,
        message: String,
        hint: String = ""
    ) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.rule = rule
        self.message = message
        self.hint = hint
    }

    public static func error(
        _ file: String,
        line: Int = 0,
        column: Int = 0,
        rule: String,
        _ message: String,
        hint: String = ""
    ) -> Diagnostic {
        Diagnostic(
            .error,
            file: file,
            line: line,
            column: column,
            rule: rule,
            message: message,
            hint: hint
        )
    }

    public static func warning(
        _ file: String,
        line: Int = 0,
        column: Int = 0,
        rule: String,
        _ message: String,
        hint: String = ""
    ) -> Diagnostic {
        Diagnostic(
            .warning,
            file: file,
            line: line,
            column: column,
            rule: rule,
            message: message,
            hint: hint
        )
    }

    /// `file:line:column: severity: message` (line and column left out when unknown).
    public var headline: String {
        var location = file
        if line > 0 {
            location += ":\(line)"
            if column > 0 { location += ":\(column)" }
        }
        return "\(location): \(severity.rawValue): \(message)"
    }

    /// The headline and, when there is one, the hint on its own indented line.
    public var formatted: String {
        hint.isEmpty ? headline : "\(headline)\n  hint: \(hint)"
    }

    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        (lhs.file, lhs.line, lhs.column, lhs.rule, lhs.message)
            < (rhs.file, rhs.line, rhs.column, rhs.rule, rhs.message)
    }
}

/// Several diagnostics thrown at once, so that one run reports every problem it can find.
public struct DiagnosticList: Error, Sendable {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}
