import PortalDiagnostics

/// One problem in a built file, before it is mapped back to its source.
public struct CheckFinding: Sendable, Hashable {
    /// Path below the checked folder (`self-care/boundaries/index.html`), or a source path for
    /// findings that already name their source (`sourced`).
    public var file: String
    public var line: Int
    public var column: Int
    public var severity: Diagnostic.Severity
    public var rule: String
    public var message: String
    public var hint: String
    /// Text that the source of the problem likely contains (a link's address, its words, an
    /// image's file name), most telling first: used to find the `.md` or template line.
    var clues: [String]
    /// True when `file` is already a source path (content data findings).
    var sourced: Bool
    /// The front matter key that sets what is wrong (`title`, `description`), when there is one.
    var frontMatterKey: String?
    /// The `id` of the element the finding is about: a heading's id leads to its Markdown line,
    /// which its words may not (entities, inline HTML, typographic quotes).
    var elementID: String?

    public init(
        _ severity: Diagnostic.Severity,
        file: String,
        line: Int = 1,
        column: Int = 1,
        rule: String,
        message: String,
        hint: String = "",
        sourced: Bool = false
    ) {
        self.init(
            severity,
            file: file,
            line: line,
            column: column,
            rule: rule,
            message: message,
            hint: hint,
            clues: [],
            sourced: sourced
        )
    }

    init(
        _ severity: Diagnostic.Severity,
        file: String,
        line: Int,
        column: Int,
        rule: String,
        message: String,
        hint: String,
        clues: [String],
        sourced: Bool = false
    ) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.rule = rule
        self.message = message
        self.hint = hint
        self.clues = clues
        self.sourced = sourced
    }

    /// A content-data diagnostic from the build (stale referral...), as a finding.
    public init(_ diagnostic: Diagnostic) {
        self.init(
            diagnostic.severity,
            file: diagnostic.file,
            line: max(diagnostic.line, 1),
            column: max(diagnostic.column, 1),
            rule: diagnostic.rule,
            message: diagnostic.message,
            hint: diagnostic.hint,
            clues: [],
            sourced: true
        )
    }
}
