import Foundation

extension Theme {
    /// The templates that are, include or extend (directly or through others) any of `changed`,
    /// so that `portal serve` renders again only the pages whose layout is among them.
    /// A template that names its partial at run time (`{{>*name}}`) may use any of them.
    public func templates(affectedBy changed: Set<String>) -> Set<String> {
        var usedBy: [String: Set<String>] = [:]
        for (name, text) in templateTexts {
            let references = TemplateReferences.names(in: text)
            // A dynamic partial may name whatever changed.
            if references.contains("*") && !changed.isEmpty { return changed.union(templateTexts.keys) }
            for reference in references { usedBy[reference, default: []].insert(name) }
        }
        var affected = changed
        var queue = Array(affected)
        while let name = queue.popLast() {
            for user in usedBy[name] ?? [] where affected.insert(user).inserted { queue.append(user) }
        }
        return affected
    }
}

/// The partials (`{{> name}}`) and parents (`{{< name}}`) a Mustache template names.
enum TemplateReferences {
    /// Names found in `text`; `*` stands for a dynamic partial.
    static func names(in text: String) -> Set<String> {
        var names: Set<String> = []
        scan(Substring(text)) { name, _ in names.insert(name.hasPrefix("*") ? "*" : name) }
        return names
    }

    /// Calls `found` with each partial or parent tag's name and where its `{{` starts.
    static func scan(_ text: Substring, found: (String, String.Index) -> Void) {
        var rest = text
        while let open = rest.range(of: "{{") {
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(of: "}}") else { break }
            let tag = afterOpen[..<close.lowerBound]
            if let kind = tag.first, kind == ">" || kind == "<" {
                let name = tag.dropFirst().trimmingCharacters(in: .whitespaces)
                if !name.isEmpty { found(name, open.lowerBound) }
            }
            rest = afterOpen[close.upperBound...]
        }
    }
}
