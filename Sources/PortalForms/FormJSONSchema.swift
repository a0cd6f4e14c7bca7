extension FormDefinition {
    /// A JSON Schema (draft 2020-12) of what `POST /requests` accepts as JSON. Deterministic: keys
    /// sorted, two-space indent, so the built file only changes when the form does. Titles and
    /// descriptions are in the form's first language.
    public func jsonSchema() -> String {
        let language = languages.first ?? "en"
        var properties: [String: JSONValue] = [:]
        var required: [JSONValue] = []
        var conditions: [JSONValue] = []
        for field in fields {
            properties[field.name] = schema(for: field, language: language)
            if field.required { required.append(.string(field.name)) }
            if let condition = field.requiredWhen {
                conditions.append(
                    .object([
                        "if": .object([
                            "properties": .object([
                                condition.field: .object(["enum": .array(condition.values.map(JSONValue.string))])
                            ]),
                            "required": .array([.string(condition.field)]),
                        ]),
                        "then": .object([
                            "properties": .object([field.name: nonEmpty(field)]),
                            "required": .array([.string(field.name)]),
                        ]),
                    ])
                )
            }
        }
        properties[Self.honeypotField] = .object([
            "description": .string("Left empty by people; anything here marks the request as spam."),
            "maxLength": .int(0), "type": .string("string"),
        ])
        properties[Self.idempotencyField] = .object([
            "description": .string("Random per form load; the same key twice creates one request."),
            "pattern": .string("^([A-Za-z0-9_-]{8,64})?$"), "type": .string("string"),
        ])
        properties[Self.languageField] = .object(["enum": .array(languages.map(JSONValue.string))])
        var root: [String: JSONValue] = [
            "$schema": .string("https://json-schema.org/draft/2020-12/schema"),
            "title": .string(
                text("schema_title", language).isEmpty ? "Request" : text("schema_title", language)
            ),
            "type": .string("object"),
            "properties": .object(properties),
            "required": .array(required),
        ]
        if !conditions.isEmpty { root["allOf"] = .array(conditions) }
        return JSONValue.object(root).rendered() + "\n"
    }

    private func schema(for field: FormField, language: String) -> JSONValue {
        var schema: [String: JSONValue] = ["title": .string(field.label.in(language))]
        if let hint = field.hint { schema["description"] = .string(hint.in(language)) }
        let offered = JSONValue.array(field.options.map { .string($0.value) })
        switch field.kind {
        case .radios:
            schema["enum"] = offered
        case .checkboxes:
            schema["type"] = .string("array")
            schema["items"] = .object(["enum": offered])
            schema["uniqueItems"] = .bool(true)
            if field.required { schema["minItems"] = .int(1) }
        case .confirm:
            schema["const"] = .string("yes")
        case .text, .textarea, .email, .tel:
            schema["type"] = .string("string")
            if let max = field.maxLength { schema["maxLength"] = .int(max) }
            if field.required { schema["minLength"] = .int(1) }
            if field.kind == .email { schema["format"] = .string("email") }
            if field.kind == .tel { schema["pattern"] = .string(#"^\+?[0-9 ().\-]*$"#) }
        }
        return .object(schema)
    }

    private func nonEmpty(_ field: FormField) -> JSONValue {
        field.isMultiple ? .object(["minItems": .int(1)]) : .object(["minLength": .int(1)])
    }
}

/// Just enough JSON to write a schema byte-for-byte the same on every build.
enum JSONValue: Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])

    func rendered(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent + 1)
        let closing = String(repeating: "  ", count: indent)
        switch self {
        case .string(let value): return Self.quoted(value)
        case .int(let value): return String(value)
        case .bool(let value): return value ? "true" : "false"
        case .array(let items):
            if items.isEmpty { return "[]" }
            let inner = items.map { pad + $0.rendered(indent: indent + 1) }
            return "[\n" + inner.joined(separator: ",\n") + "\n" + closing + "]"
        case .object(let members):
            if members.isEmpty { return "{}" }
            let inner = members.keys.sorted().map { key in
                pad + Self.quoted(key) + ": " + (members[key] ?? .object([:])).rendered(indent: indent + 1)
            }
            return "{\n" + inner.joined(separator: ",\n") + "\n" + closing + "}"
        }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out +=
                    "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
