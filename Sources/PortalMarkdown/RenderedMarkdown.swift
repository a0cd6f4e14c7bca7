/// A heading of a rendered page, for the table of contents and for checking `#anchor` links.
public struct Heading: Sendable, Hashable {
    public var level: Int
    public var id: String
    public var text: String
    public var line: Int
    /// Attributes written in `{...}` besides the id (` class="note"`), ready for the start tag.
    public var attributesHTML: String = ""
    /// Attributes written in `{...}` but left out of the page (`data-search`, `onclick`): only
    /// `lang`, `dir`, `title` and `translate` are kept besides the id and classes.
    public var refusedAttributes: [String] = []

    public init(
        level: Int,
        id: String,
        text: String,
        line: Int,
        attributesHTML: String = "",
        refusedAttributes: [String] = []
    ) {
        self.level = level
        self.id = id
        self.text = text
        self.line = line
        self.attributesHTML = attributesHTML
        self.refusedAttributes = refusedAttributes
    }
}

/// A link or image destination found in the Markdown, with where it was written.
public struct LinkReference: Sendable, Hashable {
    public var destination: String
    public var isImage: Bool
    public var line: Int
    public var column: Int

    public init(destination: String, isImage: Bool, line: Int, column: Int) {
        self.destination = destination
        self.isImage = isImage
        self.line = line
        self.column = column
    }
}

/// The result of rendering one page body.
public struct RenderedMarkdown: Sendable {
    public var html: String
    public var headings: [Heading]
    /// Lines (in the page's file) of raw HTML that was left out because the site does not allow
    /// it; HTML comments are not counted (leaving them out loses nothing).
    public var droppedHTMLLines: [Int] = []
    /// Ids written in kept raw HTML (`<h2 id="part-7">`, `<a name="x">`): anchors as good as a heading's.
    public var rawHTMLIDs: [String] = []
}
