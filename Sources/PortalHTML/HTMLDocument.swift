@preconcurrency import CLibXML2
import Foundation

/// Built HTML read back with libxml2's HTML parser, for checks and tests.
/// One document per thread; libxml2 is initialised once per process.
public final class HTMLDocument {
    private let document: htmlDocPtr
    /// Parsed inside an arena that took all of it (`ParseArena`): freed by the arena's rewind.
    private let inArena: Bool

    /// The allocation hooks first (`ParseArena`): libxml2 wants them before anything else.
    private static let initialised: Void = {
        ParseArena.install()
        xmlInitParser()
    }()

    // HTML5 elements are unknown to libxml2's HTML 4 parser: recover, and keep quiet about them.
    // COMPACT keeps short texts inside their node rather than in an allocation of their own.
    private static let options = Int32(
        HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOIMPLIED.rawValue
            | HTML_PARSE_COMPACT.rawValue
    )

    /// libxml2's version as it runs (`20914`): what it parsed before an upgrade may differ.
    public static var libraryVersion: String {
        portal_xml_parser_version().map { String(cString: $0) } ?? ""
    }

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
        readAsXML = false
        inArena = ParseArena.arenas.holdsEverythingAllocated
        VoidElementRepair.repair(xmlDocGetRootElement(document))
    }

    /// How a page is read: libxml2's HTML parser, or its XML parser first where that gives the
    /// same tree (`XMLFastPath`).
    public enum Reader: Sendable {
        case fastest
        case htmlParserOnly
    }

    /// The XML parser read this page (`XMLFastPath`).
    public let readAsXML: Bool

    /// Parses bytes as they are on disk, without copying them into a String first.
    public init?(bytes: UnsafeRawBufferPointer, reader: Reader = .fastest) {
        _ = Self.initialised
        guard let base = bytes.baseAddress, bytes.count > 0, bytes.count < Int(Int32.max) else { return nil }
        if reader == .fastest, let parsed = XMLFastPath.parse(bytes) {
            document = parsed
            readAsXML = true
        } else {
            let parsed = htmlReadMemory(
                base.assumingMemoryBound(to: CChar.self),
                Int32(bytes.count),
                nil,
                "UTF-8",
                Self.options
            )
            guard let parsed else { return nil }
            document = parsed
            readAsXML = false
        }
        inArena = ParseArena.arenas.holdsEverythingAllocated
        // A page read as XML has nothing inside a void element (`XMLFastPath`).
        if !readAsXML && VoidElementRepair.mayBeNeeded(bytes) {
            VoidElementRepair.repair(xmlDocGetRootElement(document))
        }
    }

    deinit {
        // In an arena that holds every byte of it, freeing node by node frees nothing: the
        // arena's rewind takes the whole tree (the checker parses every page of a site).
        if !(inArena && ParseArena.arenas.holdsEverythingAllocated) { xmlFreeDoc(document) }
    }

    public var root: HTMLElement? {
        xmlDocGetRootElement(document).map(HTMLElement.init)
    }

    /// Every element, in document order.
    public var elements: [HTMLElement] { elementsWithParents().elements }

    /// Every element in document order, and for each the index of its parent element in the same
    /// list (-1 for the root): rules that look at ancestors then need no walk up the tree.
    public func elementsWithParents() -> (elements: [HTMLElement], parents: [Int]) {
        var found: [HTMLElement] = []
        var parents: [Int] = []
        func walk(_ node: xmlNodePtr?, parent: Int) {
            var current = node
            while let element = current {
                if element.pointee.type == XML_ELEMENT_NODE {
                    found.append(HTMLElement(element))
                    parents.append(parent)
                    walk(element.pointee.children, parent: found.count - 1)
                }
                current = element.pointee.next
            }
        }
        walk(xmlDocGetRootElement(document), parent: -1)
        return (found, parents)
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
        name = node.pointee.name.map(HTMLElement.lowerCaseName) ?? ""
    }

    /// libxml2's HTML parser already lower-cases names: `lowercased()` only when it did not.
    static func lowerCaseName(_ raw: UnsafePointer<xmlChar>) -> String {
        var byte = raw
        while byte.pointee != 0 {
            if byte.pointee >= 65 && byte.pointee <= 90 { return String(cString: raw).lowercased() }
            byte += 1
        }
        return String(cString: raw)
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
        property(attribute) != nil
    }

    /// The attribute node of this name. Like `xmlHasProp` without its DTD lookup (the HTML parser
    /// never reads attribute defaults from a DTD) and without copying anything.
    private func property(_ name: String) -> xmlAttrPtr? {
        var current = node.pointee.properties
        guard current != nil, let first = name.utf8.first else { return nil }
        while let attribute = current {
            // The first byte tells most names apart without the full comparison.
            if let own = attribute.pointee.name, own[0] == first, Self.equal(own, name) { return attribute }
            current = attribute.pointee.next
        }
        return nil
    }

    /// A C string and a String have the same bytes (no C copy of the String, as `withCString` makes).
    private static func equal(_ cString: UnsafePointer<xmlChar>, _ string: String) -> Bool {
        var index = 0
        for byte in string.utf8 {
            // Past the C string's end its 0 differs from any byte but 0, which no name holds.
            guard byte != 0, cString[index] == byte else { return false }
            index += 1
        }
        return cString[index] == 0
    }

    /// An attribute's value as `xmlGetProp` gives it, read in place: one text child is the
    /// usual case; anything else goes through libxml2.
    private static func value(of attribute: xmlAttrPtr) -> String? {
        guard let child = attribute.pointee.children else { return "" }
        if child.pointee.next == nil,
            child.pointee.type == XML_TEXT_NODE || child.pointee.type == XML_CDATA_SECTION_NODE
        {
            return child.pointee.content.map { String(cString: $0) }
        }
        guard let joined = xmlNodeListGetString(attribute.pointee.doc, child, 1) else { return "" }
        defer { xmlFree(joined) }
        return String(cString: joined)
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
        property(attribute).flatMap(Self.value)
    }

    /// All text inside, as a reader would get it, whitespace collapsed.
    public var text: String {
        // Most links and headings hold one run of text: read it in place.
        guard let first = node.pointee.children else { return "" }
        if first.pointee.next == nil, first.pointee.type == XML_TEXT_NODE, let content = first.pointee.content {
            return HTMLText.collapse(UnsafeBufferPointer(start: content, count: strlen(content)))
        }
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
    static let names = ["source", "track", "wbr", "embed"]

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

    /// Whether the bytes hold a start tag of one of those elements at all (most pages do not): a
    /// `memchr` scan for `<` costs less than walking every node of the tree.
    static func mayBeNeeded(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var index = 0
        while index < bytes.count, let hit = memchr(base + index, Int32(UInt8(ascii: "<")), bytes.count - index) {
            let found = base.distance(to: UnsafeRawPointer(hit))
            index = found + 1
            switch bytes.count > index ? bytes[index] | 0x20 : 0 {
            case UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "w"), UInt8(ascii: "e"):
                let rest = bytes.count - index
                if names.contains(where: { name in
                    name.utf8.count <= rest
                        && name.utf8.enumerated().allSatisfy { offset, letter in bytes[index + offset] | 0x20 == letter
                        }
                }) {
                    return true
                }
            default: continue
            }
        }
        return false
    }

    private static func isVoid(_ node: xmlNodePtr) -> Bool {
        // Runs for every element: compare bytes, no String per element. The first letter rules
        // out almost every element before any comparison.
        guard let name = node.pointee.name else { return false }
        switch name[0] | 0x20 {
        case UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "w"), UInt8(ascii: "e"): break
        default: return false
        }
        return UnsafeRawPointer(name).withMemoryRebound(to: CChar.self, capacity: 1) { raw in
            names.contains { strcasecmp(raw, $0) == 0 }
        }
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
        guard !bytes.isEmpty else { return "" }
        // Written straight into the String's storage: no array in between.
        let collapsed = String(unsafeUninitializedCapacity: bytes.count) { result in
            var count = 0
            var pendingSpace = false
            for byte in bytes {
                if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
                    pendingSpace = count > 0
                } else {
                    if pendingSpace {
                        result[count] = 0x20
                        count += 1
                    }
                    pendingSpace = false
                    result[count] = byte
                    count += 1
                }
            }
            return count
        }
        return collapsed
    }
}
