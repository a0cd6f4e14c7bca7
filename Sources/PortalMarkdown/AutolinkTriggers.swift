import PortalSupport

/// Whether cmark-gfm's `autolink` extension could make a link of a text at all.
///
/// The extension stops the inline parser at every `w` and `:` of the text to look for `www.` and
/// `://` (a `w` every few words of prose), then joins adjacent text nodes, which cmark-gfm has
/// already done, and looks for `@` in them (e-mail addresses): a fifth of cmark-gfm's parse time
/// on the bench's pages. A text holding none of these is parsed without the extension, to the same
/// tree. `&` counts too, since `&#64;` becomes an `@` before the e-mail search runs.
/// `MarkdownConformanceTests` holds every spec example to the `cmark-gfm` command run with the
/// extension.
enum AutolinkTriggers {
    static let extensionName = "autolink"
    static let triggers = ["@", "&", "://", "www."].map { Array($0.utf8) }

    static func mayLink(_ text: UnsafeRawBufferPointer) -> Bool {
        triggers.contains { ByteSearch.firstIndex(of: $0, in: text) != nil }
    }
}
