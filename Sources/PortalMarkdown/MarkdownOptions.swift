import CCmarkGFM

/// How Markdown is read and written. The defaults are GitHub Flavored Markdown with footnotes,
/// raw HTML left out (cmark-gfm's safe mode).
public struct MarkdownOptions: Sendable, Hashable {
    public var extensions: [String]
    public var footnotes: Bool
    public var smartPunctuation: Bool
    /// Pass raw HTML through (the `tagfilter` extension still disarms `<script>` and friends).
    public var allowRawHTML: Bool
    /// Callout labels (`> [!NOTE]`) per language, then per kind: `["es": ["note": "Nota"]]`.
    public var calloutLabels: [String: [String: String]] = [:]

    public static let gfmExtensions = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    public init(
        extensions: [String] = MarkdownOptions.gfmExtensions,
        footnotes: Bool = true,
        smartPunctuation: Bool = false,
        allowRawHTML: Bool = false
    ) {
        self.extensions = extensions
        self.footnotes = footnotes
        self.smartPunctuation = smartPunctuation
        self.allowRawHTML = allowRawHTML
    }

    var cmarkOptions: Int32 {
        var options = CMARK_OPT_DEFAULT
        if footnotes { options |= CMARK_OPT_FOOTNOTES }
        if smartPunctuation { options |= CMARK_OPT_SMART }
        if allowRawHTML { options |= CMARK_OPT_UNSAFE }
        return options
    }
}
