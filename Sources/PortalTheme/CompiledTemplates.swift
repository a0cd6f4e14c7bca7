import Foundation
import Mustache

/// The theme's templates as swift-mustache parsed them, rendered without its dynamic casts.
///
/// swift-mustache looks a name up by casting every object on its stack to two protocols, and
/// renders a value through three more casts. On Linux each protocol cast takes the runtime's
/// conformance cache, whose shared reader count two threads pass back and forth: 0.1-0.3 µs a
/// cast, so 68 names a page made templates a quarter of a cold build's CPU. Here a value is known
/// by its exact type (one metatype compare), names are split once, and partials are found by name.
///
/// The parse is swift-mustache's own: its tokens are read through `Mirror` (they are internal),
/// so whitespace, standalone lines, indentation, delimiters and inheritance are exactly as its
/// parser leaves them, and the rendering below follows `Template+Render.swift` step by step.
/// What this renderer does not know - a value of another type than those `Frame` knows (a lambda,
/// a struct read by reflection, an optional, `NSNull`), a dynamic partial, a sequence's `first()` -
/// makes `render` return nil, and the page is rendered by swift-mustache as before; a token this
/// version of swift-mustache did not have makes the theme's `compiled` nil, at load time.
public struct CompiledTemplates: Sendable {
    /// One template (or one section's, block's or parent's inside) as a list of steps.
    final class Body: Sendable {
        let nodes: [Node]
        init(_ nodes: [Node]) { self.nodes = nodes }
    }

    enum Node: Sendable {
        case text(String)
        case variable(Name, escaped: Bool)
        case section(Name, Body, inverted: Bool)
        /// A partial, or a parent with the blocks it overrides.
        case partial(String, indentation: String?, inherits: [String: Body]?)
        case block(String, default: Body, indentation: String?)
        case contentType(any MustacheContentType)
        /// A dynamic partial or a sequence's transform: swift-mustache renders such a page.
        case unsupported
    }

    /// A tag's name, split at its dots once (a class: nodes are copied as they are walked).
    final class Name: Sendable {
        enum Start: Sendable {
            /// `.`: the object on top of the stack.
            case current
            /// `.a.b`: from the object on top only.
            case top
            /// `a.b`: the first object down the stack that has `a`.
            case stack
        }
        let start: Start
        let parts: [String]
        let transforms: [String]

        /// As `getChild` reads a name: `.`, a leading dot, or dotted parts (empty parts dropped).
        /// Nil for an empty name with transforms: the sequence's `first()` or `index()`, which
        /// read swift-mustache's own sequence context.
        init?(_ name: String, transforms: [String]) {
            if name.isEmpty, !transforms.isEmpty { return nil }
            self.transforms = transforms
            self.parts = name == "." ? [] : name.split(separator: ".").map(String.init)
            self.start = name == "." ? .current : name.first == "." ? .top : .stack
        }
    }

    let templates: [String: Body]
    /// swift-mustache's HTML escaping, in force until a template's pragma names another.
    let html: any MustacheContentType

    /// Nil when a template holds a token this renderer cannot read.
    public init?(library: MustacheLibrary, names: some Sequence<String>) {
        guard let pragma = try? MustacheTemplate(string: "{{% CONTENT_TYPE: HTML}}"),
            case .contentType(let html)? = Self.body(pragma)?.nodes.first
        else { return nil }
        var templates: [String: Body] = [:]
        for name in names {
            guard let template = library.getTemplate(named: name) else { continue }
            guard let body = Self.body(template) else { return nil }
            templates[name] = body
        }
        self.templates = templates
        self.html = html
    }

    // MARK: Reading swift-mustache's tokens

    private static func body(_ template: MustacheTemplate) -> Body? {
        guard let tokens = Mirror(reflecting: template).descendant("tokens") as? [Any] else { return nil }
        var nodes: [Node] = []
        nodes.reserveCapacity(tokens.count)
        for token in tokens {
            guard let node = node(token) else { return nil }
            nodes.append(node)
        }
        return Body(nodes)
    }

    private static func node(_ token: Any) -> Node? {
        let mirror = Mirror(reflecting: token)
        guard mirror.displayStyle == .enum, let payload = mirror.children.first, let label = payload.label else {
            return nil
        }
        let fields = Mirror(reflecting: payload.value).children.map(\.value)
        switch label {
        case "text":
            return (payload.value as? String).map(Node.text)
        case "variable", "unescapedVariable":
            guard fields.count == 2, let name = fields[0] as? String, let transforms = fields[1] as? [String] else {
                return nil
            }
            guard let name = Name(name, transforms: transforms) else { return .unsupported }
            return .variable(name, escaped: label == "variable")
        case "section", "invertedSection":
            guard fields.count == 3, let name = fields[0] as? String, let transforms = fields[1] as? [String],
                let template = fields[2] as? MustacheTemplate, let inner = body(template)
            else { return nil }
            guard let name = Name(name, transforms: transforms) else { return .unsupported }
            return .section(name, inner, inverted: label == "invertedSection")
        case "blockExpansion":
            guard fields.count == 3, let name = fields[0] as? String, let template = fields[1] as? MustacheTemplate,
                let inner = body(template), case .some(let indentation) = optional(fields[2], String.self)
            else { return nil }
            return .block(name, default: inner, indentation: indentation)
        case "partial":
            guard fields.count == 3, let name = fields[0] as? String,
                case .some(let indentation) = optional(fields[1], String.self),
                case .some(let overrides) = optional(fields[2], [String: MustacheTemplate].self)
            else { return nil }
            var inherits: [String: Body]?
            if let overrides {
                var bodies: [String: Body] = [:]
                for (block, template) in overrides {
                    guard let inner = body(template) else { return nil }
                    bodies[block] = inner
                }
                inherits = bodies
            }
            return .partial(name, indentation: indentation, inherits: inherits)
        case "contentType":
            return (payload.value as? any MustacheContentType).map(Node.contentType)
        case "dynamicNamePartial":
            return .unsupported
        default:
            // `blockDefinition` is never rendered; anything else is a token this code predates.
            return nil
        }
    }

    /// An optional field's value: `.some(nil)` for none, nil when the field is not a `T?`.
    private static func optional<T>(_ field: Any, _: T.Type) -> T?? {
        let mirror = Mirror(reflecting: field)
        guard mirror.displayStyle == .optional else { return nil }
        guard let wrapped = mirror.children.first?.value else { return .some(nil) }
        guard let value = wrapped as? T else { return nil }
        return .some(value)
    }
}
