import Mustache
import PortalSupport

/// swift-mustache escapes `{{value}}` Character by Character through a dictionary, which was a
/// fifth of the time spent in templates and misses a `<` followed by a combining mark. This
/// content type hands `{{value}}` to the project's one byte-level escaper (`escapeHTML` in
/// `PortalSupport`); every template the theme loader compiles starts with the pragma that selects it.
struct HTMLEscaping: MustacheContentType {
    static let name = "PORTAL_HTML"
    /// Put in front of every template's text: on a line of its own, so it is a standalone tag
    /// that leaves no trace in the output and the template's own first line is still first.
    static let pragma = "{{% CONTENT_TYPE: \(name)}}\n"

    /// Registers the content type with swift-mustache, once, before any template is compiled.
    static let registered: Void = MustacheContentTypes.register(HTMLEscaping(), named: name)

    func escapeText(_ text: String) -> String { escapeHTML(text) }
}
