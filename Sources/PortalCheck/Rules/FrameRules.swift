import PortalHTML

/// `iframe-title`: an embedded frame has a title, so that a screen reader can say what it holds.
enum FrameRules {
    static func check(_ element: HTMLElement, _ page: PageContext, _ names: AccessibleName, hidden: Bool) {
        guard element.name == "iframe", !hidden else { return }
        // A frame taken out of the tab order, or marked presentational, is not announced.
        if let tabindex = element["tabindex"].flatMap({ Int($0) }), tabindex < 0 { return }
        if let role = Roles.role(element), role == "none" || role == "presentation" { return }
        if names.name(of: element).isEmpty {
            let source = element["src"] ?? ""
            page.error(
                "iframe-title",
                at: element,
                "the frame \(source) has no title",
                hint: "add title=\"what the frame shows\" to the <iframe>",
                clues: [source, "<iframe"]
            )
        }
    }
}
