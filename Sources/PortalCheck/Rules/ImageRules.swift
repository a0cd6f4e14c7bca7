import PortalHTML

/// `img-alt`: an image (`<img>`, `role="img"`) has a text alternative or is marked decorative.
/// `img-alt-empty`: `alt=""` alone does not mark an image decorative here; `role="presentation"`
/// (or `none`, or `aria-hidden="true"`) must say so, so that a forgotten description is caught.
enum ImageRules {
    static func check(_ element: HTMLElement, _ page: PageContext, _ names: AccessibleName, hidden: Bool) {
        let isImg = element.name == "img"
        guard isImg || Roles.role(element) == "img" else { return }
        if hidden { return }
        if isImg && Roles.isPresentational(element) { return }
        let source = element["src"] ?? ""
        let file = source.split(separator: "/").last.map(String.init) ?? source
        if isImg, let alt = element["alt"], alt.isEmpty, !element.has("aria-label"), !element.has("aria-labelledby") {
            page.error(
                "img-alt-empty",
                at: element,
                "the image \(file) has an empty text alternative and is not marked decorative",
                hint:
                    "describe what the image shows: ![a calm lake at dawn](\(file)); if it is only decoration, give it role=\"presentation\"",
                clues: ["\(file))", "src=\"\(source)\"", file]
            )
            return
        }
        if names.name(of: element).isEmpty {
            page.error(
                "img-alt",
                at: element,
                isImg
                    ? "the image \(file) has no text alternative"
                    : "an element with role=\"img\" has no accessible name",
                hint: isImg
                    ? "describe the image inside the brackets: ![what it shows](\(file)), or add alt=\"...\""
                    : "add aria-label=\"what it shows\"",
                clues: ["src=\"\(source)\"", file, isImg ? "<img" : "role=\"img\""]
            )
        }
    }
}
