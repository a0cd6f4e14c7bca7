import Foundation
import PortalHTML

/// What a screen reader would announce for an element, computed from the markup alone: a small
/// part of the W3C accessible name computation (aria-labelledby, aria-label, alt, label, title,
/// and text content). CSS is not applied, except `display:none` and `visibility:hidden` written
/// in a `style` attribute.
struct AccessibleName {
    let page: PageContext

    func name(of element: HTMLElement) -> String {
        // Most links and headings are plain text: their text is their name.
        if !element.hasElementChildren, !element.has("aria-labelledby"), !element.has("aria-label"),
            !element.has("role"),
            Roles.fromContent.contains(element.name)
        {
            let text = element.text
            if !text.isEmpty { return text }
        }
        return collapse(compute(element, referenced: false, depth: 0))
    }

    /// `referenced`: reached through content or `aria-labelledby` (name from content applies to
    /// any element then). `aria-labelledby` is followed once: not from inside another one.
    /// `inLabel`: reached while reading a label's text, where an embedded control stands for its
    /// value, not for its own label (accname 2E); following that label again looped for ever on an
    /// unclosed `<label>` around a checkbox. `depth` grows on every path, so recursion is bounded.
    private func compute(
        _ element: HTMLElement,
        referenced: Bool,
        depth: Int,
        inLabelledBy: Bool = false,
        inLabel: Bool = false
    ) -> String {
        guard depth < 20 else { return "" }
        if inLabel, ["input", "select", "textarea"].contains(element.name) { return embeddedValue(element) }
        if !inLabelledBy, let ids = element["aria-labelledby"] {
            let parts = ids.split(whereSeparator: \.isWhitespace).compactMap { page.element(id: String($0)) }
                .map { compute($0, referenced: true, depth: depth + 1, inLabelledBy: true) }
            let joined = collapse(parts.joined(separator: " "))
            if !joined.isEmpty { return joined }
        }
        if let label = element["aria-label"], !collapse(label).isEmpty { return label }
        if Roles.isPresentational(element) {
            return referenced
                ? content(of: element, depth: depth + 1, inLabelledBy: inLabelledBy, inLabel: inLabel) : ""
        }
        switch element.name {
        case "img", "area":
            if let alt = element["alt"], !alt.isEmpty { return alt }
            return element["title"] ?? ""
        case "input":
            return inputName(element, depth: depth)
        case "select", "textarea":
            return labelText(for: element, depth: depth) ?? element["title"] ?? ""
        case "iframe":
            return element["title"] ?? ""
        default:
            break
        }
        if referenced || Roles.namedFromContent(element) {
            let text = content(of: element, depth: depth + 1, inLabelledBy: inLabelledBy, inLabel: inLabel)
            if !collapse(text).isEmpty { return text }
        }
        return element["title"] ?? ""
    }

    /// Text of the element's subtree as a name, skipping what is hidden from everyone.
    private func content(
        of element: HTMLElement,
        depth: Int,
        inLabelledBy: Bool = false,
        inLabel: Bool = false
    )
        -> String
    {
        var parts: [String] = []
        for child in element.childNodes {
            switch child {
            case .text(let text): parts.append(text)
            case .element(let inner):
                if Visibility.hidesItself(inner) || inner.name == "script" || inner.name == "style" { continue }
                parts.append(
                    compute(inner, referenced: true, depth: depth, inLabelledBy: inLabelledBy, inLabel: inLabel)
                )
            }
        }
        return parts.joined(separator: element.name == "br" ? " " : "")
    }

    private func inputName(_ input: HTMLElement, depth: Int = 0) -> String {
        let type = (input["type"] ?? "text").lowercased()
        switch type {
        case "submit": return input["value"] ?? "Submit"
        case "reset": return input["value"] ?? "Reset"
        case "button": return input["value"] ?? labelText(for: input, depth: depth) ?? input["title"] ?? ""
        case "image": return input["alt"] ?? input["value"] ?? input["title"] ?? ""
        default: return labelText(for: input, depth: depth) ?? input["title"] ?? ""
        }
    }

    /// What a control inside a label's text contributes: a text field's or a button's value, a
    /// select's chosen option; nothing for a checkbox or a radio button.
    private func embeddedValue(_ control: HTMLElement) -> String {
        switch control.name {
        case "input":
            let type = (control["type"] ?? "text").lowercased()
            return ["checkbox", "radio", "hidden", "file", "image"].contains(type) ? "" : control["value"] ?? ""
        case "select":
            // Options sit directly in the select or in its optgroups.
            let options = control.children.flatMap { $0.name == "optgroup" ? $0.children : [$0] }
                .filter { $0.name == "option" }
            return (options.first { $0.has("selected") } ?? options.first)?.text ?? ""
        default:
            return control.text
        }
    }

    /// The text of a `<label for=id>` or of a label around the control.
    func labelText(for control: HTMLElement, depth: Int = 0) -> String? {
        var texts: [String] = []
        if let id = control["id"], !id.isEmpty {
            for label in page.elements where label.name == "label" && label["for"] == id {
                texts.append(content(of: label, depth: depth + 1, inLabel: true))
            }
        }
        var ancestor = control.parent
        while let current = ancestor {
            if current.name == "label" { texts.append(labelOwnText(current, excluding: control, depth: depth + 1)) }
            ancestor = current.parent
        }
        let joined = collapse(texts.joined(separator: " "))
        return joined.isEmpty ? nil : joined
    }

    private func labelOwnText(_ label: HTMLElement, excluding control: HTMLElement, depth: Int) -> String {
        label.childNodes.map { child -> String in
            switch child {
            case .text(let text): return text
            case .element(let inner):
                return inner == control || Visibility.hidesItself(inner)
                    ? "" : compute(inner, referenced: true, depth: depth, inLabel: true)
            }
        }.joined()
    }

    func collapse(_ text: String) -> String { HTMLText.collapse(text) }
}

/// ARIA roles as far as the rules need them.
enum Roles {
    static let fromContent: Set<String> = [
        "a", "button", "h1", "h2", "h3", "h4", "h5", "h6", "summary", "option", "legend", "caption", "th", "td",
        "label",
    ]
    static let contentRoles: Set<String> = Set<String>([
        "link", "button", "heading", "menuitem", "tab", "option", "cell", "columnheader", "rowheader", "tooltip",
        "checkbox", "radio", "switch", "treeitem",
    ]).union(linkRoles)
    /// `link` and the DPUB roles that are kinds of link.
    static let linkRoles: Set<String> = ["link", "doc-backlink", "doc-biblioref", "doc-glossref", "doc-noteref"]

    static func role(_ element: HTMLElement) -> String? {
        element["role"]?.split(whereSeparator: \.isWhitespace).first.map { String($0).lowercased() }
    }

    static func namedFromContent(_ element: HTMLElement) -> Bool {
        if let role = role(element), role != "none", role != "presentation" { return contentRoles.contains(role) }
        return fromContent.contains(element.name)
    }

    /// `role="none"`/`"presentation"` counts only when the element is not focusable and carries no
    /// global ARIA naming attribute (ARIA's presentational role conflict resolution).
    static func isPresentational(_ element: HTMLElement) -> Bool {
        guard let role = role(element), role == "none" || role == "presentation" else { return false }
        return !isFocusable(element) && !element.has("aria-label") && !element.has("aria-labelledby")
    }

    static func isFocusable(_ element: HTMLElement) -> Bool {
        // Any valid tabindex, even -1, makes an element focusable.
        if let tabindex = element["tabindex"], Int(tabindex.trimmingCharacters(in: .whitespaces)) != nil {
            return true
        }
        switch element.name {
        case "a", "area": return element.has("href")
        case "button", "select", "textarea", "iframe": return true
        case "input": return (element["type"] ?? "").lowercased() != "hidden"
        default: return false
        }
    }
}

/// Hidden from everyone, as far as static markup tells: `hidden`, `aria-hidden="true"`, and
/// `display:none` or `visibility:hidden` in a `style` attribute (style sheets are not applied).
enum Visibility {
    static func hidesItself(_ element: HTMLElement) -> Bool {
        guard element.hasAttributes else { return false }
        if element.has("hidden") { return true }
        if element["aria-hidden"]?.lowercased() == "true" { return true }
        if let style = element["style"]?.lowercased().filter({ !$0.isWhitespace }) {
            if style.contains("display:none") || style.contains("visibility:hidden") { return true }
        }
        return false
    }
}
