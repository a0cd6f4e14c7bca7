import PortalHTML

/// `h1-count`: exactly one `h1`. `heading-order`: no level skipped on the way down (h2 to h4).
/// `heading-empty`: a heading has words a screen reader can announce.
struct HeadingRules {
    private var headings: [(level: Int, element: HTMLElement)] = []

    /// `hidden`: the element or an ancestor is hidden (`PageContext.hidden`).
    mutating func visit(_ element: HTMLElement, _ page: PageContext, _ names: AccessibleName, hidden: Bool) {
        let level: Int
        // On bytes: libxml2's element names are ASCII, and this runs for every element.
        let name = element.name.utf8
        if name.count == 2, name.first == UInt8(ascii: "h"), let digit = name.last, digit >= UInt8(ascii: "1"),
            digit <= UInt8(ascii: "6")
        {
            level = Int(digit - UInt8(ascii: "0"))
        } else if Roles.role(element) == "heading" {
            level = element["aria-level"].flatMap { Int($0) } ?? 2
        } else {
            return
        }
        if Roles.isPresentational(element) || hidden { return }
        headings.append((level, element))
        if names.name(of: element).isEmpty {
            page.error(
                "heading-empty",
                at: element,
                "an h\(level) heading is empty",
                hint: "give the heading words, or remove it",
                clues: ["<h\(level)", String(repeating: "#", count: level) + " "]
            )
        }
    }

    func finish(_ page: PageContext, _ names: AccessibleName) {
        let ones = headings.filter { $0.level == 1 && $0.element.name == "h1" }
        if ones.isEmpty {
            page.error(
                "h1-count",
                at: nil,
                "the page has no h1 heading",
                hint: "every page needs one h1 that says what it is about (the layout shows the page title as h1)",
                clues: ["<h1"]
            )
        } else if ones.count > 1 {
            for extra in ones.dropFirst() {
                let words = names.name(of: extra.element)
                page.error(
                    "h1-count",
                    at: extra.element,
                    "a second h1 heading ('\(words)'); the page already has one on line \(ones[0].element.line)",
                    hint: "start sections with '## ' in Markdown: the page title is the only h1",
                    clues: ["# " + words, words, "<h1"]
                )
            }
        }
        // The layout's h1 often comes after h2s in the header or navigation: count levels from h1.
        var previous = 1
        for heading in headings {
            if heading.level > previous + 1 {
                let words = names.name(of: heading.element)
                page.error(
                    "heading-order",
                    at: heading.element,
                    "an h\(heading.level) heading ('\(words)') follows an h\(previous); h\(previous + 1) is skipped",
                    hint: "use the next level down: \(String(repeating: "#", count: previous + 1)) in Markdown",
                    clues: [String(repeating: "#", count: heading.level) + " " + words, words, "<h\(heading.level)"]
                )
            }
            previous = heading.level
        }
    }
}
