import CCmarkGFM
import Foundation
import Synchronization

/// A parsed Markdown document: owns cmark-gfm's node tree and the parser whose extension list
/// the HTML renderer needs. Not shared between threads.
public final class MarkdownDocument {
    let parser: OpaquePointer
    let root: OpaquePointer
    let options: MarkdownOptions

    /// cmark-gfm with extensions is not thread-safe while parsing inlines: `cmark_parser_finish`
    /// toggles a process-global table of special characters, so every finish in the process
    /// takes this lock. Block parsing (`cmark_parser_feed`), rendering and tree edits are per
    /// document and run in parallel. The standard library's `Mutex`, not `NSLock`: two threads
    /// meet here on most pages, and `NSLock` put the waiting one to sleep and woke it each time
    /// (the Markdown step of a cold 10,000-page build: 0.75-0.83 s before, 0.69-0.71 s after).
    private static let parseLock = Mutex(())
    private static let registration: Void = cmark_gfm_core_extensions_ensure_registered()

    public init(_ text: String, options: MarkdownOptions = MarkdownOptions()) {
        _ = Self.registration  // once, thread-safely (a static's initialiser)
        self.options = options
        // Both pointers are non-null unless memory runs out, when cmark aborts anyway.
        let parser = cmark_parser_new_with_mem(options.cmarkOptions, MarkdownArena.mem)!
        var utf8 = text
        let withoutAutolinks = utf8.withUTF8 { !AutolinkTriggers.mayLink(UnsafeRawBufferPointer($0)) }
        for name in options.extensions where !(withoutAutolinks && name == AutolinkTriggers.extensionName) {
            if let extensionPointer = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, extensionPointer)
            }
        }
        utf8.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        self.parser = parser
        // The tree crosses the lock as an address (a pointer is not Sendable).
        let address = Self.parseLock.withLock { _ in UInt(bitPattern: cmark_parser_finish(parser)) }
        root = OpaquePointer(bitPattern: address)!
    }

    deinit {
        cmark_node_free(root)
        cmark_parser_free(parser)
    }

    /// HTML exactly as cmark-gfm writes it for this tree.
    public func renderHTML() -> String {
        guard let pointer = cmark_render_html(root, options.cmarkOptions, cmark_parser_get_syntax_extensions(parser))
        else { return "" }
        // Allocated through the document's hooks (perhaps in an arena): freed through them too.
        defer { MarkdownArena.arenas.free(pointer) }
        return String(cString: pointer)
    }

    /// The same HTML as bytes, for post-processing without Foundation's slow string search.
    func renderHTMLBytes() -> [UInt8] {
        guard let pointer = cmark_render_html(root, options.cmarkOptions, cmark_parser_get_syntax_extensions(parser))
        else { return [] }
        defer { MarkdownArena.arenas.free(pointer) }
        return Array(
            UnsafeBufferPointer(
                start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self),
                count: strlen(pointer)
            )
        )
    }

    /// Nodes of the given types, depth first, in document order, in one walk (collected first so
    /// that callers may edit the tree).
    func nodes(ofTypes types: [cmark_node_type]) -> [cmark_node_type: [OpaquePointer]] {
        var found: [cmark_node_type: [OpaquePointer]] = [:]
        guard let iterator = cmark_iter_new(root) else { return found }
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if types.contains(type) { found[type, default: []].append(node) }
        }
        return found
    }
}

/// Plain text of a node's descendants (for heading ids and tables of contents).
func plainText(of node: OpaquePointer) -> String {
    var text = ""
    guard let iterator = cmark_iter_new(node) else { return text }
    defer { cmark_iter_free(iterator) }
    while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
        guard event == CMARK_EVENT_ENTER, let child = cmark_iter_get_node(iterator) else { continue }
        switch cmark_node_get_type(child) {
        case CMARK_NODE_TEXT, CMARK_NODE_CODE:
            if let literal = cmark_node_get_literal(child) { text += String(cString: literal) }
        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
            text += " "
        default:
            break
        }
    }
    return text
}
