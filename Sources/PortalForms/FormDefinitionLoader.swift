import Foundation
import PortalDiagnostics
import Yams

extension FormDefinition {
    /// Reads the form from a YAML file. Every problem found is reported at once, each with the file,
    /// line and column as `displayPath:line:column` and a hint, thrown as a `DiagnosticList`.
    public static func load(path: String, displayPath: String) throws -> FormDefinition {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DiagnosticList([
                .error(
                    displayPath,
                    rule: Self.rule,
                    "cannot read the request form definition",
                    hint: "create it, or pass its path with --form"
                )
            ])
        }
        guard let yaml = String(data: data, encoding: .utf8) else {
            throw DiagnosticList([
                .error(
                    displayPath,
                    rule: Self.rule,
                    "the file is not valid UTF-8",
                    hint: "save it as UTF-8"
                )
            ])
        }
        return try parse(yaml: yaml, displayPath: displayPath)
    }

    /// Same as `load`, from text already in memory (used by tests and the preview server).
    public static func parse(yaml: String, displayPath: String) throws -> FormDefinition {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw DiagnosticList([Self.diagnostic(for: error, displayPath: displayPath)])
        }
        var loader = FormDefinitionLoader(file: displayPath)
        let definition = loader.definition(from: root)
        if !loader.diagnostics.isEmpty || definition == nil {
            throw DiagnosticList(loader.diagnostics)
        }
        guard let definition else { throw DiagnosticList(loader.diagnostics) }
        return definition
    }

    static let rule = "request-form"

    private static func diagnostic(for error: YamlError, displayPath: String) -> Diagnostic {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return .error(
                displayPath,
                line: mark.line,
                column: mark.column,
                rule: rule,
                "YAML syntax error: \(problem)",
                hint: "check the indentation and quotes on this line"
            )
        default:
            return .error(displayPath, rule: rule, "YAML error: \(error)")
        }
    }
}

/// Walks the YAML tree, collecting a diagnostic for every problem instead of stopping at the first.
struct FormDefinitionLoader {
    let file: String
    var diagnostics: [Diagnostic] = []
    var languages: [String] = []

    /// Shared wording the renderer and validator cannot do without.
    static let requiredTextKeys = [
        "submit", "optional", "error_summary", "error_prefix", "privacy", "too_long", "invalid",
        "character_count", "characters_remaining", "characters_over", "unreachable",
        "sent", "reference", "sent_next", "error_title_prefix", "contact_team", "too_many", "not_saved", "too_large",
        "forbidden", "not_sent_title", "back_to_form", "unavailable",
    ]
    static let rootKeys: Set<String> = ["languages", "pages", "confirmation", "text", "fields"]
    static let fieldKeys: Set<String> = [
        "name", "type", "label", "hint", "why", "aside", "required", "required_when", "max_length",
        "options", "autocomplete", "inputmode", "errors",
    ]
    static let errorKinds: Set<String> = ["required", "format", "too_long", "invalid"]
    static let reservedNames: Set<String> = [
        FormDefinition.honeypotField, FormDefinition.idempotencyField, FormDefinition.languageField,
    ]
    /// Used when a field gives no `max_length`: enough for the purpose, small enough to store.
    static let defaultMaxLength: [FormField.Kind: Int] = [
        .text: 200, .email: 254, .tel: 30, .textarea: 1000,
    ]

    init(file: String) { self.file = file }

    mutating func definition(from root: Node?) -> FormDefinition? {
        guard let root, let mapping = root.mapping else {
            error(root, "the form definition must be a mapping with `languages`, `pages`, `fields`, ...")
            return nil
        }
        checkKeys(mapping, allowed: Self.rootKeys, what: "top-level key")
        languages = stringList(mapping["languages"], key: "languages", parent: root)
        if languages.isEmpty { return nil }
        let pages = perLanguagePaths(mapping["pages"], key: "pages", parent: root)
        let confirmation = perLanguagePaths(mapping["confirmation"], key: "confirmation", parent: root)
        let text = sharedText(mapping["text"], parent: root)
        var fields: [FormField] = []
        if let list = mapping["fields"]?.sequence, !list.isEmpty {
            for node in list {
                if let field = field(node, earlier: fields) { fields.append(field) }
            }
        } else {
            error(mapping["fields"] ?? root, "`fields` must be a non-empty list of questions")
        }
        return FormDefinition(
            languages: languages,
            pages: pages,
            confirmation: confirmation,
            fields: fields,
            text: text
        )
    }

    // MARK: - Fields

    mutating func field(_ node: Node, earlier: [FormField]) -> FormField? {
        guard let mapping = node.mapping else {
            error(node, "each field must be a mapping with at least `name`, `type` and `label`")
            return nil
        }
        checkKeys(mapping, allowed: Self.fieldKeys, what: "field key")
        guard let name = mapping["name"]?.string, !name.isEmpty else {
            error(node, "a field has no `name`", hint: "add `name: some_name` (lower case, digits, _)")
            return nil
        }
        let nameNode = mapping["name"]
        if name.range(of: "^[a-z][a-z0-9_]{0,39}$", options: .regularExpression) == nil {
            error(nameNode, "field name '\(name)' must be lower case letters, digits and _")
        }
        if Self.reservedNames.contains(name) {
            error(nameNode, "field name '\(name)' is reserved for the form's hidden fields")
        }
        if earlier.contains(where: { $0.name == name }) {
            error(nameNode, "field '\(name)' is defined twice", hint: "rename one of them")
        }
        let typeName = mapping["type"]?.string ?? ""
        guard let kind = FormField.Kind(rawValue: typeName) else {
            let known = FormField.Kind.allCases.map(\.rawValue).joined(separator: ", ")
            error(
                mapping["type"] ?? node,
                "field '\(name)' has unknown type '\(typeName)'",
                hint: "use one of: \(known)"
            )
            return nil
        }
        var field = FormField(
            name: name,
            kind: kind,
            label: localized(mapping["label"], key: "label", parent: node) ?? LocalizedText([:])
        )
        field.hint = optionalLocalized(mapping["hint"], key: "hint")
        field.why = optionalLocalized(mapping["why"], key: "why")
        field.aside = optionalLocalized(mapping["aside"], key: "aside")
        if let requiredNode = mapping["required"] {
            if let flag = requiredNode.bool {
                field.required = flag
            } else {
                error(requiredNode, "`required` must be true or false")
            }
        }
        field.autocomplete = mapping["autocomplete"]?.string
        field.inputmode = mapping["inputmode"]?.string
        field.options = options(mapping["options"], field: field, parent: node)
        field.maxLength = maxLength(mapping["max_length"], kind: kind)
        field.requiredWhen = condition(mapping["required_when"], earlier: earlier)
        if field.required && field.requiredWhen != nil {
            error(
                mapping["required_when"],
                "field '\(name)' is both `required` and `required_when`",
                hint: "keep one"
            )
        }
        field.errors = errorMessages(mapping["errors"], field: field, parent: node)
        return field
    }

    mutating func options(_ node: Node?, field: FormField, parent: Node) -> [FormOption] {
        let needsOptions = field.kind == .radios || field.kind == .checkboxes
        guard let node else {
            if needsOptions {
                error(parent, "field '\(field.name)' (\(field.kind.rawValue)) needs `options`")
            }
            return []
        }
        if !needsOptions {
            error(
                node,
                "field '\(field.name)' is a \(field.kind.rawValue) field and cannot have `options`"
            )
            return []
        }
        guard let list = node.sequence, !list.isEmpty else {
            error(node, "`options` must be a non-empty list of `value` + `label`")
            return []
        }
        var result: [FormOption] = []
        for item in list {
            guard let value = item.mapping?["value"]?.string, !value.isEmpty else {
                error(item, "an option of '\(field.name)' has no `value`")
                continue
            }
            if value.range(of: "^[a-z0-9_-]{1,40}$", options: .regularExpression) == nil {
                error(
                    item.mapping?["value"],
                    "option value '\(value)' must be lower case letters, digits, _ or -"
                )
            }
            if result.contains(where: { $0.value == value }) {
                error(item.mapping?["value"], "option '\(value)' appears twice in '\(field.name)'")
            }
            let label =
                localized(item.mapping?["label"], key: "label", parent: item) ?? LocalizedText([:])
            result.append(FormOption(value: value, label: label))
        }
        return result
    }

    mutating func maxLength(_ node: Node?, kind: FormField.Kind) -> Int? {
        guard let node else { return Self.defaultMaxLength[kind] }
        guard let value = node.int, value > 0, value <= 10_000 else {
            error(node, "`max_length` must be a whole number between 1 and 10000")
            return Self.defaultMaxLength[kind]
        }
        if Self.defaultMaxLength[kind] == nil {
            error(node, "`max_length` only applies to text, email, tel and textarea fields")
        }
        return value
    }

    mutating func condition(_ node: Node?, earlier: [FormField]) -> Condition? {
        guard let node else { return nil }
        guard let mapping = node.mapping, let target = mapping["field"]?.string else {
            error(
                node,
                "`required_when` needs `field` and `in`",
                hint: "e.g. required_when: {field: contact_method, in: [phone]}"
            )
            return nil
        }
        let values = stringList(mapping["in"], key: "in", parent: node)
        guard let other = earlier.first(where: { $0.name == target }) else {
            error(
                mapping["field"],
                "`required_when` names '\(target)', which is not a field defined above it"
            )
            return nil
        }
        for value in values where !other.options.contains(where: { $0.value == value }) {
            error(mapping["in"], "'\(value)' is not an option of '\(target)'")
        }
        return Condition(field: target, values: values)
    }

    mutating func errorMessages(
        _ node: Node?,
        field: FormField,
        parent: Node
    ) -> [String:
        LocalizedText]
    {
        var result: [String: LocalizedText] = [:]
        if let mapping = node?.mapping {
            for (keyNode, valueNode) in mapping {
                let key = keyNode.string ?? ""
                if !Self.errorKinds.contains(key) {
                    error(
                        keyNode,
                        "unknown error kind '\(key)'",
                        hint: "use: \(Self.errorKinds.sorted().joined(separator: ", "))"
                    )
                    continue
                }
                if let text = localized(valueNode, key: "errors.\(key)", parent: keyNode) {
                    result[key] = text
                }
            }
        } else if node != nil {
            error(node, "`errors` must map error kinds (required, format, ...) to messages")
        }
        if (field.required || field.requiredWhen != nil) && result["required"] == nil {
            error(
                node ?? parent,
                "field '\(field.name)' can be required but has no `errors.required` message",
                hint: "say what to do, e.g. \"Select how you would like us to contact you\""
            )
        }
        if (field.kind == .email || field.kind == .tel) && result["format"] == nil {
            error(node ?? parent, "field '\(field.name)' needs an `errors.format` message")
        }
        return result
    }

    // MARK: - Shared pieces

    mutating func sharedText(_ node: Node?, parent: Node) -> [String: LocalizedText] {
        guard let mapping = node?.mapping else {
            error(
                node ?? parent,
                "`text` must map names (submit, optional, ...) to wording in each language"
            )
            return [:]
        }
        var result: [String: LocalizedText] = [:]
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.string else { continue }
            if let text = localized(valueNode, key: "text.\(key)", parent: keyNode) { result[key] = text }
        }
        for key in Self.requiredTextKeys where result[key] == nil {
            error(
                node,
                "`text` has no `\(key)`",
                hint: "add `\(key): {\(languages.map { "\($0): ..." }.joined(separator: ", "))}`"
            )
        }
        return result
    }

    mutating func perLanguagePaths(_ node: Node?, key: String, parent: Node) -> [String: String] {
        guard let mapping = node?.mapping else {
            error(
                node ?? parent,
                "`\(key)` must give a path for each language",
                hint: "e.g. \(key): {en: \"request/\"}"
            )
            return [:]
        }
        var result: [String: String] = [:]
        for language in languages {
            guard let path = mapping[language]?.string else {
                error(node, "`\(key)` has no path for language '\(language)'")
                continue
            }
            if path.hasPrefix("/") || path.contains("..") || !path.hasSuffix("/") {
                error(
                    mapping[language],
                    "`\(key).\(language)` must be a relative folder path ending in /, like \"request/\""
                )
            }
            result[language] = path
        }
        return result
    }

    mutating func localized(_ node: Node?, key: String, parent: Node) -> LocalizedText? {
        guard let node else {
            error(
                parent,
                "missing `\(key)`",
                hint: "give it in every language: \(languages.joined(separator: ", "))"
            )
            return nil
        }
        guard let mapping = node.mapping else {
            error(
                node,
                "`\(key)` must give the wording per language",
                hint: "e.g. {en: \"...\", es: \"...\"}"
            )
            return nil
        }
        var values: [String: String] = [:]
        for (keyNode, valueNode) in mapping {
            guard let language = keyNode.string else { continue }
            if !languages.contains(language) {
                error(keyNode, "language '\(language)' is not in `languages`")
            }
            guard let text = valueNode.string,
                !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            else {
                error(valueNode, "`\(key).\(language)` is empty")
                continue
            }
            values[language] = text
        }
        for language in languages where values[language] == nil {
            error(node, "`\(key)` has no '\(language)' wording", hint: "every language must be complete")
        }
        return LocalizedText(values)
    }

    mutating func optionalLocalized(_ node: Node?, key: String) -> LocalizedText? {
        guard let node else { return nil }
        return localized(node, key: key, parent: node)
    }

    mutating func stringList(_ node: Node?, key: String, parent: Node) -> [String] {
        guard let list = node?.sequence, !list.isEmpty else {
            error(node ?? parent, "`\(key)` must be a non-empty list")
            return []
        }
        return list.compactMap { item in
            if let value = item.string, !value.isEmpty { return value }
            error(item, "`\(key)` must list plain words")
            return nil
        }
    }

    mutating func checkKeys(_ mapping: Node.Mapping, allowed: Set<String>, what: String) {
        for (keyNode, _) in mapping {
            let key = keyNode.string ?? ""
            if !allowed.contains(key) {
                error(
                    keyNode,
                    "unknown \(what) '\(key)'",
                    hint: "known: \(allowed.sorted().joined(separator: ", "))"
                )
            }
        }
    }

    mutating func error(_ node: Node?, _ message: String, hint: String = "") {
        diagnostics.append(
            .error(
                file,
                line: node?.mark?.line ?? 0,
                column: node?.mark?.column ?? 0,
                rule: FormDefinition.rule,
                message,
                hint: hint
            )
        )
    }
}
