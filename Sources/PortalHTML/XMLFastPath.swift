@preconcurrency import CLibXML2
import Foundation
import PortalSupport

/// libxml2's XML parser reads a page 3-4 times as fast as its HTML parser (10,044 default-theme
/// pages on two threads: 0.21 s against 0.77 s), and the default theme writes pages that are
/// well-formed XML. Such a page is read with the XML parser when nothing in it would make the
/// HTML parser build another tree; any other page, with the HTML parser as before. The checks:
///
/// - before parsing, on the bytes: no carriage return (XML turns it into a line feed), no
///   CDATA section, no tab or line feed inside an attribute's value (XML makes them spaces), no
///   declarations inside the doctype (the XML parser would expand their entities);
/// - the XML parser must accept the page whole (well-formed, UTF-8, no undeclared entity such
///   as `&nbsp;`: XML knows only its own five);
/// - after parsing, on the tree: names in lower case without a prefix (the HTML parser
///   lower-cases them and knows no namespaces); no child of an element that the HTML parser
///   would close on that child's start tag (libxml2's own table, `htmlAutoCloseTag`, and for an
///   element inside one of the same name, what the HTML parser does with `<n><n></n></n>` inside
///   a `<div>`); no
///   child in a void element, a `<script>` or a `<style>` (the HTML parser reads their content
///   as text); `<html>` only at the top, `<head>` and `<body>` only in it; no text but
///   whitespace directly in `<html>` or `<head>` (the HTML parser puts it in an implied `<p>`).
///
/// `XMLFastPathTests` read the repository's site as built, the html5lib corpus, the W3C ACT
/// cases and cases made to differ both ways, and compare the trees and the check's findings.
enum XMLFastPath {
    private static let options = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_COMPACT.rawValue
    )

    /// The page read with the XML parser, or nil when it must be read with the HTML parser.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> xmlDocPtr? {
        guard let base = bytes.baseAddress, bytesAllow(bytes) else { return nil }
        guard
            let document = xmlReadMemory(
                base.assumingMemoryBound(to: CChar.self),
                Int32(bytes.count),
                nil,
                "UTF-8",
                options
            )
        else { return nil }
        var walk = TreeCheck(document: document)
        if walk.accepts() { return document }
        xmlFreeDoc(document)
        return nil
    }

    /// The checks on the bytes (see the type's comment).
    static func bytesAllow(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let count = bytes.count
        if memchr(base, 13, count) != nil { return false }
        if ByteSearch.firstIndex(of: cdataOpening, in: bytes, from: 0) != nil { return false }
        // A doctype with declarations inside (entities, attribute defaults) is left to the HTML
        // parser, which ignores them: the XML parser would act on them.
        if let doctype = ByteSearch.firstIndex(of: doctypeOpening, in: bytes, from: 0),
            let end = memchr(base + doctype, 62, count - doctype),
            memchr(base + doctype, 91, UnsafeRawPointer(end) - (base + doctype)) != nil
        {
            return false
        }
        let start = base.assumingMemoryBound(to: UInt8.self)
        var index = 0
        while index < count {
            // Text up to the next tag is skipped at memchr's speed.
            guard let open = memchr(start + index, 60, count - index) else { return true }
            index = UnsafeRawPointer(open) - base + 1
            // Inside a tag: the quoted values are looked at; the tag ends at a `>` outside quotes.
            while index < count {
                let byte = start[index]
                if byte == 62 { break }
                if byte == 34 || byte == 39 {
                    guard let close = memchr(start + index + 1, Int32(byte), count - index - 1) else { return false }
                    let end = UnsafeRawPointer(close) - base
                    for position in (index + 1)..<end where start[position] == 10 || start[position] == 9 {
                        return false
                    }
                    index = end
                }
                index += 1
            }
            index += 1
        }
        return true
    }

    private static let cdataOpening = Array("<![CDATA[".utf8)
    private static let doctypeOpening = Array("<!DOCTYPE".utf8)
}

/// What the HTML parser does with `<n><n></n></n>`, per name, asked once.
private final class SelfClosingNames: @unchecked Sendable {
    private let lock = NSLock()
    private var known: [String: Bool] = [:]

    func closesItself(_ name: String) -> Bool {
        lock.lock()
        if let answer = known[name] {
            lock.unlock()
            return answer
        }
        lock.unlock()
        // Inside another element: the HTML parser closes nothing at the top of a document.
        let probe = "<div><\(name)><\(name)></\(name)></\(name)></div>"
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOIMPLIED.rawValue
        )
        var nested = false
        probe.withCString { pointer in
            guard let document = htmlReadMemory(pointer, Int32(strlen(pointer)), nil, "UTF-8", options) else { return }
            // The first element of that name: does it hold the second?
            if let outer = Self.first(named: name, in: xmlDocGetRootElement(document)) {
                var child = outer.pointee.children
                while let node = child {
                    if node.pointee.type == XML_ELEMENT_NODE, let own = node.pointee.name,
                        xmlStrEqual(own, outer.pointee.name) != 0
                    {
                        nested = true
                    }
                    child = node.pointee.next
                }
            }
            xmlFreeDoc(document)
        }
        lock.lock()
        known[name] = !nested
        lock.unlock()
        return !nested
    }

    private static func first(named name: String, in node: xmlNodePtr?) -> xmlNodePtr? {
        var current = node
        while let element = current {
            if element.pointee.type == XML_ELEMENT_NODE, let own = element.pointee.name, String(cString: own) == name {
                return element
            }
            if let found = first(named: name, in: element.pointee.children) { return found }
            current = element.pointee.next
        }
        return nil
    }
}

/// One walk over a tree the XML parser made: whether the HTML parser would have made the same.
private struct TreeCheck {
    let document: xmlDocPtr
    /// What each distinct name (by its interned pointer) allows, found once per page.
    private var names = PointerMemo<NameFacts>()
    /// Whether a child of one name inside a parent of another is left there by the HTML parser.
    private var pairs = PairMemo()

    init(document: xmlDocPtr) { self.document = document }

    struct NameFacts {
        /// Lower case, no prefix.
        var plain: Bool
        /// Void in HTML (libxml2's list and HTML5's `VoidElementRepair.names`).
        var void: Bool
        var role: Role
    }

    /// The names the HTML parser treats on their own.
    enum Role {
        case html, head, body
        /// `<script>` and `<style>`, whose content the HTML parser reads as text.
        case rawText
        case other
    }

    mutating func accepts() -> Bool {
        guard let root = xmlDocGetRootElement(document) else { return false }
        return check(root, parent: nil)
    }

    /// Elements are checked before their children, so an `<html>` met as a parent is the top one.
    private mutating func check(_ element: xmlNodePtr, parent: xmlNodePtr?) -> Bool {
        guard element.pointee.ns == nil, element.pointee.nsDef == nil, let name = element.pointee.name else {
            return false
        }
        let facts = self.facts(name)
        guard facts.plain else { return false }
        switch facts.role {
        case .html where parent != nil: return false
        case .head, .body:
            guard let parentName = parent?.pointee.name, self.facts(parentName).role == .html else { return false }
        default: break
        }
        if let parent, let parentName = parent.pointee.name, !pairs.allowed(parentName, name, document: document) {
            return false
        }
        var attribute = element.pointee.properties
        while let current = attribute {
            guard current.pointee.ns == nil, let attributeName = current.pointee.name, self.facts(attributeName).plain
            else { return false }
            attribute = current.pointee.next
        }
        var child = element.pointee.children
        if child != nil && (facts.void || facts.role == .rawText) { return false }
        while let node = child {
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                if !check(node, parent: element) { return false }
            case XML_TEXT_NODE:
                // Words directly in <html> or <head>: the HTML parser would imply a <p> for them.
                if facts.role == .html || facts.role == .head, let content = node.pointee.content,
                    !Self.isBlank(content)
                {
                    return false
                }
            case XML_COMMENT_NODE:
                break
            default:
                // Entity references, CDATA sections, processing instructions: the HTML parser's own.
                return false
            }
            child = node.pointee.next
        }
        return true
    }

    private mutating func facts(_ name: UnsafePointer<xmlChar>) -> NameFacts {
        if let known = names[name] { return known }
        var plain = name.pointee != 0
        var byte = name
        while byte.pointee != 0 {
            if (byte.pointee >= 65 && byte.pointee <= 90) || byte.pointee == 58 { plain = false }
            byte += 1
        }
        let text = String(cString: name)
        let role: Role =
            switch text {
            case "html": .html
            case "head": .head
            case "body": .body
            case "script", "style": .rawText
            default: .other
            }
        // HTML5's voids that libxml2 does not know too: with no children, such a page needs none of
        // `VoidElementRepair`'s moves.
        let void = htmlTagLookup(name)?.pointee.empty == 1 || VoidElementRepair.names.contains(text)
        let facts = NameFacts(plain: plain, void: void, role: role)
        names[name] = facts
        return facts
    }

    private static func isBlank(_ text: UnsafeMutablePointer<xmlChar>) -> Bool {
        var byte = text
        while byte.pointee != 0 {
            switch byte.pointee {
            case 32, 9, 10, 13: byte += 1
            default: return false
            }
        }
        return true
    }

    /// Names that the HTML parser closes when another element of the same name starts inside
    /// them (`<p><p>`, `<li><li>`), found by asking it, once per name.
    fileprivate static let selfClosing = SelfClosingNames()
}

/// A few dozen entries keyed by an interned name's address: open addressing on the address.
private struct PointerMemo<Value> {
    private var keys = [UnsafeRawPointer?](repeating: nil, count: 128)
    private var values: [Value?] = Array(repeating: nil, count: 128)
    private var count = 0

    private static func slot(_ key: UnsafeRawPointer) -> Int {
        Int(truncatingIfNeeded: UInt(bitPattern: key) >> 4) & 127
    }

    subscript(key: UnsafePointer<xmlChar>) -> Value? {
        get {
            let raw = UnsafeRawPointer(key)
            var slot = Self.slot(raw)
            while let stored = keys[slot] {
                if stored == raw { return values[slot] }
                slot = (slot + 1) & 127
            }
            return nil
        }
        set {
            // Past half full, later names are simply not kept (a page with that many names is rare).
            guard let newValue, count < 64 else { return }
            let raw = UnsafeRawPointer(key)
            var slot = Self.slot(raw)
            while keys[slot] != nil { slot = (slot + 1) & 127 }
            keys[slot] = raw
            values[slot] = newValue
            count += 1
        }
    }
}

/// Parent and child names already judged on this page, by their addresses.
private struct PairMemo {
    private var parents = [UnsafeRawPointer?](repeating: nil, count: 256)
    private var children = [UnsafeRawPointer?](repeating: nil, count: 256)
    private var answers = [Bool](repeating: false, count: 256)
    private var count = 0

    mutating func allowed(
        _ parent: UnsafePointer<xmlChar>,
        _ child: UnsafePointer<xmlChar>,
        document: xmlDocPtr
    ) -> Bool {
        let parentKey = UnsafeRawPointer(parent)
        let childKey = UnsafeRawPointer(child)
        let mixed = (UInt(bitPattern: parentKey) >> 4) &* 31 &+ (UInt(bitPattern: childKey) >> 4)
        var slot = Int(truncatingIfNeeded: mixed) & 255
        while let stored = parents[slot] {
            if stored == parentKey && children[slot] == childKey { return answers[slot] }
            slot = (slot + 1) & 255
        }
        let answer: Bool
        if xmlStrEqual(parent, child) != 0 {
            answer = !TreeCheck.selfClosing.closesItself(String(cString: child))
        } else {
            // The child's start tag alone, without its own children, asked of libxml2's table.
            var probe = xmlNode()
            probe.type = XML_ELEMENT_NODE
            probe.name = child
            answer = withUnsafeMutablePointer(to: &probe) { htmlAutoCloseTag(document, parent, $0) } == 0
        }
        // Past half full, later pairs are judged again each time.
        if count < 128 {
            parents[slot] = parentKey
            children[slot] = childKey
            answers[slot] = answer
            count += 1
        }
        return answer
    }
}
