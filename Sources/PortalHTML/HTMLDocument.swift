@preconcurrency import CLibXML2
import Foundation

/// Built HTML read back with libxml2's HTML parser, for checks and tests.
/// One document per thread; libxml2 is initialised once per process.
public final class HTMLDocument {
    private let document: htmlDocPtr

    private static let initialised: Void = { xmlInitParser() }()

    /// nil when libxml2 cannot make any tree of the bytes.
    public init?(_ html: String) {
        _ = Self.initialised
        // HTML5 elements are unknown to libxml2's HTML 4 parser: recover, and keep quiet about them.
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOIMPLIED.rawValue)
        let parsed: htmlDocPtr? = html.withCString { pointer in
            htmlReadMemory(pointer, Int32(strlen(pointer)), nil, "UTF-8", options)
        }
        guard let parsed else { return nil }
        document = parsed
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

    init(_ node: xmlNodePtr) { self.node = node }

    public var name: String {
        node.pointee.name.map { String(cString: $0) }?.lowercased() ?? ""
    }

    /// Line in the HTML source where the element starts.
    public var line: Int { Int(xmlGetLineNo(node)) }

    public subscript(attribute: String) -> String? {
        guard let value = xmlGetProp(node, attribute) else { return nil }
        defer { xmlFree(value) }
        return String(cString: value)
    }

    /// All text inside, as a reader would get it, whitespace collapsed.
    public var text: String {
        guard let content = xmlNodeGetContent(node) else { return "" }
        defer { xmlFree(content) }
        return String(cString: content).split(whereSeparator: \.isWhitespace).joined(separator: " ")
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
