import Foundation
import PortalHTML

/// `control-name`: every form control has a name a screen reader announces (a `<label>`,
/// `aria-labelledby` or `aria-label`). `group-fieldset`: radio buttons, and check boxes that
/// share a name, sit in a `<fieldset>` whose `<legend>` asks the question.
/// `autocomplete`: the attribute holds tokens the HTML standard defines.
struct FormRules {
    private var groups: [String: [HTMLElement]] = [:]
    private var groupOrder: [String] = []

    mutating func visit(_ element: HTMLElement, _ page: PageContext, _ names: AccessibleName, hidden: Bool) {
        switch element.name {
        case "input", "select", "textarea", "button": break
        default: return
        }
        if let autocomplete = element["autocomplete"], !AutocompleteTokens.isValid(autocomplete) {
            page.error(
                "autocomplete",
                at: element,
                "autocomplete=\"\(autocomplete)\" is not a valid value",
                hint: "use a token from the HTML standard, e.g. name, email, tel, or 'off'",
                clues: ["autocomplete=\"\(autocomplete)\""]
            )
        }
        let type = (element["type"] ?? "text").lowercased()
        if element.name == "input" && type == "hidden" { return }
        if hidden || Self.isTaskListMark(element) { return }
        let field = element["name"] ?? element["id"] ?? element.name
        if names.name(of: element).isEmpty {
            page.error(
                "control-name",
                at: element,
                "the form field '\(field)' has no label",
                hint: "add <label for=\"\(element["id"] ?? "its-id")\">...</label> (or aria-labelledby)",
                clues: ["name=\"\(field)\"", "id=\"\(field)\"", "<\(element.name)"]
            )
        }
        if element.name == "input", type == "radio" || type == "checkbox" {
            let key = type + " " + (element["name"] ?? "#\(groups.count)")
            if groups[key] == nil { groupOrder.append(key) }
            groups[key, default: []].append(element)
        }
    }

    func finish(_ page: PageContext, _ names: AccessibleName) {
        for key in groupOrder {
            guard let members = groups[key], let first = members.first else { continue }
            let isRadio = key.hasPrefix("radio")
            // A lone check box ("I agree") is its own question.
            if !isRadio && members.count < 2 { continue }
            if members.allSatisfy({ hasNamedFieldset($0, names) }) { continue }
            let name = first["name"] ?? ""
            page.error(
                "group-fieldset",
                at: first,
                "the \(isRadio ? "radio buttons" : "check boxes") '\(name)' are not in a <fieldset> with a <legend>",
                hint: "wrap the group in <fieldset><legend>the question</legend>...</fieldset>",
                clues: ["name=\"\(name)\"", "type=\"\(isRadio ? "radio" : "checkbox")\""]
            )
        }
    }

    /// A Markdown task list item (`- [ ] text`) renders a disabled check box at the start of the
    /// `<li>`: a mark, not a form field; the item's words follow it.
    static func isTaskListMark(_ element: HTMLElement) -> Bool {
        element.name == "input" && element.has("disabled") && element["type"]?.lowercased() == "checkbox"
            && element.parent?.name == "li" && element.parent?.children.first == element
    }

    private func hasNamedFieldset(_ element: HTMLElement, _ names: AccessibleName) -> Bool {
        var ancestor = element.parent
        while let current = ancestor {
            if current.name == "fieldset" {
                return current.children.contains { $0.name == "legend" && !$0.text.isEmpty }
            }
            ancestor = current.parent
        }
        return false
    }
}
