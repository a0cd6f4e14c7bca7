import Foundation
import Mustache

/// Rendering, as swift-mustache's `Template+Render.swift` does it, on values of known types only.
extension CompiledTemplates {
    /// What `MustacheLibrary.render(context, withTemplate: name)` returns, or nil when the
    /// template is missing or the page holds something only swift-mustache renders.
    public func render(_ name: String, context: Any) -> String? {
        guard let body = templates[name] else { return nil }
        var output = ""
        output.reserveCapacity(32_768)
        var stack = [Frame(context)]
        stack.reserveCapacity(8)
        let scope = Scope(indentation: nil, inherited: nil)
        guard render(body, stack: &stack, scope: scope, contentType: html, into: &output) else { return nil }
        return output
    }

    /// swift-mustache's `MustacheContext`, less its stack (one array, pushed and popped) and
    /// what only unsupported tags read.
    struct Scope {
        var indentation: String?
        var inherited: [String: Body]?

        /// A partial's or block's own indentation adds to the one it is in.
        func indented(by more: String?) -> Scope {
            guard let more else { return self }
            var scope = self
            scope.indentation = (indentation ?? "") + more
            return scope
        }
    }

    /// Appends `body`'s output; false when it meets what only swift-mustache renders.
    private func render(
        _ body: Body,
        stack: inout [Frame],
        scope: Scope,
        contentType: any MustacheContentType,
        into output: inout String
    ) -> Bool {
        var contentType = contentType
        guard let indentation = scope.indentation, !indentation.isEmpty else {
            for node in body.nodes {
                guard render(node, stack: &stack, scope: scope, contentType: &contentType, into: &output) else {
                    return false
                }
            }
            return true
        }
        // An indented partial: every piece that starts a line of this template's own output is
        // indented (swift-mustache looks at the last Character of the text this template made).
        var text = ""
        for node in body.nodes {
            var piece = ""
            guard render(node, stack: &stack, scope: scope, contentType: &contentType, into: &piece) else {
                return false
            }
            if !piece.isEmpty, text.last == "\n" { text += indentation }
            text += piece
        }
        output += text
        return true
    }

    private func render(
        _ node: Node,
        stack: inout [Frame],
        scope: Scope,
        contentType: inout any MustacheContentType,
        into output: inout String
    ) -> Bool {
        switch node {
        case .text(let text):
            output += text
        case .variable(let name, let escaped):
            switch lookUp(name, in: stack) {
            case .unsupported: return false
            case .missing: break
            case .found(let child):
                guard let text = Frame.text(child) else { return false }
                output += escaped ? contentType.escapeText(text) : text
            }
        case .section(let name, let body, let inverted):
            let found = lookUp(name, in: stack)
            if case .unsupported = found { return false }
            guard case .found(let child) = found else {
                return inverted
                    ? render(body, stack: &stack, scope: scope, contentType: contentType, into: &output) : true
            }
            return section(
                Frame(child),
                body,
                inverted: inverted,
                stack: &stack,
                scope: scope,
                contentType: contentType,
                into: &output
            )
        case .partial(let name, let indented, let overrides):
            // A missing partial renders nothing; a partial starts over with HTML escaping.
            guard let template = templates[name] else { return true }
            var inner = scope.indented(by: indented)
            if let overrides {
                inner.inherited = scope.inherited.map { $0.merging(overrides) { outer, _ in outer } } ?? overrides
            }
            return render(template, stack: &stack, scope: inner, contentType: html, into: &output)
        case .block(let name, let fallback, let indented):
            let body = scope.inherited?[name] ?? fallback
            return render(
                body,
                stack: &stack,
                scope: scope.indented(by: indented),
                contentType: contentType,
                into: &output
            )
        case .contentType(let type):
            contentType = type
        case .unsupported:
            return false
        }
        return true
    }

    /// `renderSection`: each item of a list, once for `true`, once with any other value on top;
    /// `renderInvertedSection`: once for an empty list (on top of the stack) or `false`.
    private func section(
        _ frame: Frame,
        _ body: Body,
        inverted: Bool,
        stack: inout [Frame],
        scope: Scope,
        contentType: any MustacheContentType,
        into output: inout String
    ) -> Bool {
        func renderBody(pushing pushed: Frame?, stack: inout [Frame]) -> Bool {
            guard let pushed else {
                return render(body, stack: &stack, scope: scope, contentType: contentType, into: &output)
            }
            stack.append(pushed)
            defer { stack.removeLast() }
            return render(body, stack: &stack, scope: scope, contentType: contentType, into: &output)
        }
        // A list: once per item, that item on top; inverted, once if it is empty, the list on top.
        func each<Item>(_ items: [Item], _ itemFrame: (Item) -> Frame, stack: inout [Frame]) -> Bool {
            if inverted { return items.isEmpty ? renderBody(pushing: frame, stack: &stack) : true }
            for item in items where !renderBody(pushing: itemFrame(item), stack: &stack) { return false }
            return true
        }
        switch frame {
        case .unknown: return false
        case .flag(let on): return on != inverted ? renderBody(pushing: nil, stack: &stack) : true
        case .maps(let items): return each(items, Frame.map, stack: &stack)
        case .stringMaps(let items): return each(items, Frame.strings, stack: &stack)
        case .texts(let items): return each(items, Frame.scalar, stack: &stack)
        case .list(let items): return each(items, Frame.init, stack: &stack)
        case .map, .strings, .scalar: return inverted ? true : renderBody(pushing: frame, stack: &stack)
        }
    }

    // MARK: Names

    enum Found {
        case found(Any)
        case missing
        case unsupported
    }

    /// `getChild(named:transforms:context:)`.
    private func lookUp(_ name: Name, in stack: [Frame]) -> Found {
        guard let last = stack.indices.last else { return .missing }
        var found: Found
        switch name.start {
        case .current:
            found = .found(stack[last].value)
        case .top:
            found = follow(name.parts[...], from: stack[last])
        case .stack:
            guard let first = name.parts.first else {
                found = .found(stack[last].value)
                break
            }
            found = .missing
            search: for index in stack.indices.reversed() {
                switch stack[index].child(first) {
                case .missing: continue
                case .unsupported: return .unsupported
                case .found(let value):
                    found = name.parts.count == 1 ? .found(value) : follow(name.parts.dropFirst(), from: Frame(value))
                    break search
                }
            }
        }
        guard !name.transforms.isEmpty, case .found(var child) = found else { return found }
        // Transforms are swift-mustache's own (`MustacheTransformable`), on values of known types.
        for transform in name.transforms.reversed() {
            if case .unknown = Frame(child) { return .unsupported }
            guard let runnable = child as? MustacheTransformable, let result = runnable.transform(transform) else {
                return .missing
            }
            child = result
        }
        return .found(child)
    }

    private func follow(_ parts: ArraySlice<String>, from frame: Frame) -> Found {
        var frame = frame
        var found = Found.found(frame.value)
        for part in parts {
            found = frame.child(part)
            guard case .found(let value) = found else { return found }
            frame = Frame(value)
        }
        return found
    }
}

/// A value on the stack, its type told once, by its exact type: the types a page's data is made
/// of (`TemplateContext`, `YAMLNode.templateValue`), none of which has a conformance to
/// swift-mustache's protocols (`MustacheCustomRepresentation`, `MustacheCustomRenderable`,
/// `MustacheLambda`); anything else is `unknown`, and only swift-mustache renders the page.
enum Frame {
    case map([String: Any])
    case strings([String: String])
    case maps([[String: Any]])
    case stringMaps([[String: String]])
    case texts([String])
    case list([Any])
    case flag(Bool)
    /// Text or a number: no children.
    case scalar(Any)
    case unknown(Any)

    init(_ value: Any) {
        let type = type(of: value)
        self =
            if type == [String: Any].self, let map = value as? [String: Any] {
                .map(map)
            } else if type == String.self || type == Int.self || type == Double.self {
                .scalar(value)
            } else if type == [[String: Any]].self, let maps = value as? [[String: Any]] {
                .maps(maps)
            } else if type == Bool.self, let flag = value as? Bool {
                .flag(flag)
            } else if type == [Any].self, let list = value as? [Any] {
                .list(list)
            } else if type == [String].self, let list = value as? [String] {
                .texts(list)
            } else if type == [String: String].self, let map = value as? [String: String] {
                .strings(map)
            } else if type == [[String: String]].self, let maps = value as? [[String: String]] {
                .stringMaps(maps)
            } else {
                .unknown(value)
            }
    }

    var value: Any {
        switch self {
        case .map(let map): map
        case .strings(let map): map
        case .maps(let list): list
        case .stringMaps(let list): list
        case .texts(let list): list
        case .list(let list): list
        case .flag(let flag): flag
        case .scalar(let value), .unknown(let value): value
        }
    }

    /// `MustacheParent.child(named:)` for a map; nothing for the other known types (their
    /// `Mirror` has no labelled child, which is where swift-mustache looks next).
    func child(_ name: String) -> CompiledTemplates.Found {
        switch self {
        case .map(let map): map[name].map { .found($0) } ?? .missing
        case .strings(let map): map[name].map { .found($0) } ?? .missing
        case .maps, .stringMaps, .texts, .list, .flag, .scalar: .missing
        case .unknown: .unsupported
        }
    }

    /// What `{{name}}` shows before escaping (`String(describing:)`, as swift-mustache); nil
    /// for a value of a type only swift-mustache renders.
    static func text(_ value: Any) -> String? {
        if type(of: value) == String.self, let text = value as? String { return text }
        if case .unknown = Frame(value) { return nil }
        return String(describing: value)
    }
}
