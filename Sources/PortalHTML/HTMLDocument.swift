@preconcurrency import CLibXML2
import Foundation

/// Built HTML read back with libxml2's HTML parser, for checks and tests.
/// One document per thread; libxml2 is initialised once per process.
public final class HTMLDocument {
    private let document: htmlDocPtr

    private static let initialised: Void = { xmlInitParser() }()

    // HTML5 elements are unknown to libxml2's HTML 4 parser: recover, and keep quiet about them.
    private static let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
        | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOIMPLIED.rawValue)

    /// Call once on the main thread before parsing on several threads.
    public static func prepareForThreads() { _ = initialised }

    /// nil when libxml2 cannot make any tree of the bytes.
    public init?(_ html: String) {
        _ = Self.initialised
        let parsed: htmlDocPtr? = html.withCString { pointer in
            htmlReadMemory(pointer, Int32(strlen(pointer)), nil, "UTF-8", Self.options)
        }
        guard let parsed else { return nil }
        document = parsed
        VoidElementRepair.repair(xmlDocGetRootElement(document))
    }

    /// Parses bytes as they are on disk, without copying them into a String first.
    public init?(bytes: UnsafeRawBufferPointer) {
        _ = Self.initialised
        guard let base = bytes.baseAddress, bytes.count > 0, bytes.count < Int(Int32.max) else { return nil }
        let parsed = htmlReadMemory(
            base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil, "UTF-8", Self.options)
        guard let parsed else { return nil }
        document = parsed
        VoidElementRepair.repair(xmlDocGetRootElement(document))
    }

    deinit { xmlFreeDoc(document) }

    public var root: HTMLElement? {
        xmlDocGetRootElement(document).map(HTMLElement.init)
    }

    /// Every element, in document order.
    public var elements: [HTMLElement] {
        var found: [HTMLElement] = []
        func walk(_ node: xmlNodePtr?) {
            var current = node
            while let element = current {
                if element.pointee.type == XML_ELEMENT_NODE {
                    found.append(HTMLElement(element))
                    walk(element.pointee.children)
                }
                current = element.pointee.next
            }
        }
        walk(xmlDocGetRootElement(document))
        return found
    }

    public func elements(named name: String) -> [HTMLElement] {
        elements.filter { $0.name == name }
    }

    /// The first element with this `id`.
    public func element(id: String) -> HTMLElement? {
        elements.first { $0["id"] == id }
    }
}

/// An element of an `HTMLDocument`; valid while its document lives.
public struct HTMLElement {
    let node: xmlNodePtr
    /// Lower case (libxml2's HTML parser already lower-cases names; made once per element).
    public let name: String

    init(_ node: xmlNodePtr) {
        self.node = node
        name = node.pointee.name.map { String(cString: $0) }?.lowercased() ?? ""
    }

    /// Attributes in source order, names lower case.
    public var attributes: [(name: String, value: String)] {
        var found: [(name: String, value: String)] = []
        var current = node.pointee.properties
        while let attribute = current {
            let name = attribute.pointee.name.map { String(cString: $0) }?.lowercased() ?? ""
            found.append((name, self[name] ?? ""))
            current = attribute.pointee.next
        }
        return found
    }

    public func has(_ attribute: String) -> Bool {
        guard node.pointee.properties != nil else { return false }
        return attribute.withCString { name in
            name.withMemoryRebound(to: xmlChar.self, capacity: 1) { xmlHasProp(node, $0) != nil }
        }
    }

    /// False for the many elements without any attribute (cheaper than asking for each).
    public var hasAttributes: Bool { node.pointee.properties != nil }

    /// Some child is an element (not only text): a link's words need the full name computation.
    public var hasElementChildren: Bool {
        var current = node.pointee.children
        while let child = current {
            if child.pointee.type == XML_ELEMENT_NODE { return true }
            current = child.pointee.next
        }
        return false
    }

    /// Text and element children in order, for computing what a screen reader announces.
    public var childNodes: [HTMLChild] {
        var found: [HTMLChild] = []
        var current = node.pointee.children
        while let child = current {
            switch child.pointee.type {
            case XML_ELEMENT_NODE: found.append(.element(HTMLElement(child)))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = child.pointee.content { found.append(.text(String(cString: content))) }
            default: break
            }
            current = child.pointee.next
        }
        return found
    }

    /// The element's text without collapsing whitespace (e.g. a `<style>` sheet).
    public var rawText: String {
        guard let content = xmlNodeGetContent(node) else { return "" }
        defer { xmlFree(content) }
        return String(cString: content)
    }

    /// Line in the HTML source where the element starts.
    public var line: Int { Int(xmlGetLineNo(node)) }

    public subscript(attribute: String) -> String? {
        // withCString: passing the String straight to libxml2 would copy it into a new array.
        guard node.pointee.properties != nil,
            let value = attribute.withCString({ name in
                name.withMemoryRebound(to: xmlChar.self, capacity: 1) { xmlGetProp(node, $0) }
            })
        else { return nil }
        defer { xmlFree(value) }
        return String(cString: value)
    }

    /// All text inside, as a reader would get it, whitespace collapsed.
    public var text: String {
        guard let content = xmlNodeGetContent(node) else { return "" }
        defer { xmlFree(content) }
        return HTMLText.collapse(UnsafeBufferPointer(start: content, count: strlen(content)))
    }

    public var children: [HTMLElement] {
        var found: [HTMLElement] = []
        var current = node.pointee.children
        while let child = current {
            if child.pointee.type == XML_ELEMENT_NODE { found.append(HTMLElement(child)) }
            current = child.pointee.next
        }
        return found
    }

    public var parent: HTMLElement? {
        guard let parent = node.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { return nil }
        return HTMLElement(parent)
    }
}

/// A child of an element: another element or a run of text.
public enum HTMLChild {
    case element(HTMLElement)
    case text(String)
}

/// libxml2's HTML 4 parser does not know that `<source>`, `<track>`, `<wbr>` and `<embed>` are
/// void, and nests the following siblings inside them. Move such children back out, after the
/// element, so that the tree matches what a browser builds.
enum VoidElementRepair {
    static let names: Set<String> = ["source", "track", "wbr", "embed"]

    static func repair(_ node: xmlNodePtr?) {
        var current = node
        while let element = current {
            if element.pointee.type == XML_ELEMENT_NODE {
                if let children = element.pointee.children, isVoid(element) {
                    var anchor = element
                    var child: xmlNodePtr? = children
                    while let moving = child {
                        child = moving.pointee.next
                        xmlUnlinkNode(moving)
                        // xmlAddNextSibling may merge text into a neighbour: keep what it returns.
                        anchor = xmlAddNextSibling(anchor, moving) ?? anchor
                    }
                } else {
                    repair(element.pointee.children)
                }
            }
            current = element.pointee.next
        }
    }

    private static func isVoid(_ node: xmlNodePtr) -> Bool {
        guard let name = node.pointee.name else { return false }
        return names.contains(String(cString: name).lowercased())
    }
}

extension HTMLElement: Hashable {
    public static func == (lhs: HTMLElement, rhs: HTMLElement) -> Bool { lhs.node == rhs.node }
    public func hash(into hasher: inout Hasher) { hasher.combine(node) }
}

/// Whitespace handling on UTF-8 bytes: HTML's whitespace is ASCII, and Character-level
/// splitting costs more than the parse itself on a large site.
public enum HTMLText {
    /// Runs of ASCII whitespace become one space; leading and trailing whitespace goes.
    public static func collapse(_ text: String) -> String {
        var text = text
        return text.withUTF8 { collapse($0) }
    }

    public static func collapse(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var pendingSpace = false
        for byte in bytes {
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(0x20) }
                pendingSpace = false
                result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}
