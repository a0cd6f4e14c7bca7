import Foundation
import PortalHTML

/// Collects every address a page uses: links and resources inside the site are resolved later
/// (`link-target`, `link-fragment`, `redirect-target`); resources from another origin are
/// `third-party` errors, because they tell that site who reads a page about peer support.
struct ReferenceRules {
    let base: URL?
    let resolver: LinkResolution
    /// Where relative addresses resolve: the page's folder, or the folder its `<base href>` names.
    private(set) var directory: [UInt8]
    /// A `<base href>` on another site: relative addresses then lead there.
    private var externalBase: URL?
    private var sawBase = false
    /// Links to `#fragments` of other pages, checked after every page is scanned.
    private(set) var references: [Reference] = []
    private var samePage: [Reference] = []
    private(set) var external: [ExternalReference] = []

    init(resolver: LinkResolution, page: String) {
        self.base = resolver.base
        self.resolver = resolver
        directory = LinkResolution.directory(of: page)
    }

    /// `rel` values whose `<link href>` the browser fetches.
    static let fetchedLinkRels: Set<Substring> = [
        "stylesheet", "icon", "apple-touch-icon", "preload", "modulepreload", "prefetch", "preconnect",
        "dns-prefetch", "manifest", "mask-icon",
    ]

    mutating func visit(_ element: HTMLElement, _ page: PageContext) {
        // Every address is in an attribute, except in a <style> sheet: most elements have none.
        guard element.hasAttributes || element.name == "style" else { return }
        switch element.name {
        case "base":
            // The first <base href> sets the document's base URL (HTML standard); later ones do not.
            guard !sawBase, let href = element["href"] else { return }
            sawBase = true
            useBase(href, element, page)
        case "a", "area":
            if let href = element["href"] { link(href, element, page) }
        case "link":
            guard let href = element["href"] else { return }
            let rels = (element["rel"] ?? "").lowercased().split(whereSeparator: \.isWhitespace)
            if rels.contains(where: Self.fetchedLinkRels.contains) {
                resource(href, what: rels.contains("stylesheet") ? "style sheet" : "file", element, page)
            } else if !rels.contains("canonical") && !rels.contains("alternate") {
                link(href, element, page)
            }
        case "img":
            let candidates = Self.srcset(element["srcset"])
            if let src = element["src"], !src.trimmingCharacters(in: .whitespaces).isEmpty {
                resource(src, what: "image", element, page)
            } else if candidates.isEmpty {
                page.error(
                    "image-source",
                    at: element,
                    element.has("data-src") || element.has("data-srcset")
                        ? "the image has its address only in data-src, which shows nothing without a script"
                        : "the image has no address (src is missing or empty)",
                    hint: "give the image a src (the file's path, relative to the page)"
                )
            }
            for candidate in candidates { resource(candidate, what: "image", element, page) }
        case "source":
            if let src = element["src"] { resource(src, what: "media file", element, page) }
            for candidate in Self.srcset(element["srcset"]) { resource(candidate, what: "image", element, page) }
        case "script":
            if let src = element["src"] { resource(src, what: "script", element, page) }
        case "iframe", "frame", "embed", "track", "audio", "video":
            if let src = element["src"] {
                resource(src, what: element.name == "iframe" ? "frame" : "media file", element, page)
            }
            if let poster = element["poster"] { resource(poster, what: "image", element, page) }
        case "object":
            if let data = element["data"] { resource(data, what: "object", element, page) }
        case "input":
            if element["type"]?.lowercased() == "image", let src = element["src"] {
                resource(src, what: "image", element, page)
            }
        case "meta":
            if element["http-equiv"]?.lowercased() == "refresh", let content = element["content"],
                let target = Self.refreshTarget(content)
            {
                resolve(
                    target,
                    LinkAddress.classify(target, base: base),
                    element,
                    page,
                    rule: "redirect-target",
                    prefix: "the redirect goes to ",
                    clues: { [target] }
                )
            }
        case "style":
            for address in CSSAddresses.find(in: element.rawText) { resource(address, what: "style", element, page) }
        default:
            break
        }
        if let style = element["style"], style.contains("url(") {
            for address in CSSAddresses.find(in: style) { resource(address, what: "image", element, page) }
        }
    }

    private mutating func link(_ address: String, _ element: HTMLElement, _ page: PageContext) {
        // The link's words help find its Markdown line; worked out only for a link with a problem.
        let clues = { () -> [String] in
            let text = element.text
            return [address, text.isEmpty ? "" : "[\(text)]", text]
        }
        let classified = classify(address)
        switch classified {
        case .site:
            resolve(address, classified, element, page, rule: "link-target", prefix: "", clues: clues)
        case .external(let url):
            external.append(
                ExternalReference(url: url, file: page.path, line: element.line, column: 0, clues: [address])
            )
        case .other:
            if let problem = AddressSyntax.problem(address) {
                page.error("link-address", at: element, problem.message, hint: problem.hint, clues: clues())
            }
        }
    }

    /// `classify`, with the page's `<base href>` on another site taken into account.
    private func classify(_ address: String) -> LinkAddress {
        let classified = LinkAddress.classify(address, base: base)
        guard let externalBase, case .site(_, let isAbsolute, _) = classified, !isAbsolute,
            let url = URL(string: address, relativeTo: externalBase)?.absoluteURL
        else { return classified }
        return .external(url)
    }

    /// The folder (or other site) a `<base href>` makes relative addresses resolve against.
    private mutating func useBase(_ href: String, _ element: HTMLElement, _ page: PageContext) {
        switch LinkAddress.classify(href, base: base) {
        case .site(let path, let isAbsolute, _):
            let decoded = path.removingPercentEncoding ?? path
            let basePath = resolver.basePath
            if isAbsolute {
                guard decoded.hasPrefix(basePath) else {
                    page.error(
                        "link-target",
                        at: element,
                        "the page's <base href> (\(href)) is outside the site's address (\(basePath))",
                        hint: "point <base href> inside the site, or remove it"
                    )
                    return
                }
                directory = LinkResolution.directory(of: String(decoded.dropFirst(basePath.count)))
            } else if let joined = LinkResolution.joinBytes(decoded.utf8, under: directory) {
                directory = LinkResolution.directory(of: String(decoding: joined, as: UTF8.self))
            }
        case .external(let url):
            externalBase = url
        case .other:
            break
        }
    }

    private mutating func resource(_ address: String, what: String, _ element: HTMLElement, _ page: PageContext) {
        // The file name is only wanted for a finding.
        let file = { address.split(separator: "/").last.map(String.init) ?? address }
        let classified = classify(address)
        switch classified {
        case .site:
            resolve(address, classified, element, page, rule: "link-target", prefix: "", clues: { [address, file()] })
        case .external(let url):
            page.error(
                "third-party",
                at: element,
                "the page loads a \(what) from \(url.host ?? "another site") (\(address))",
                hint:
                    "copy the file into the site (theme assets or next to the page); loading it from another site tells that site who reads the page",
                clues: [address, file()]
            )
        case .other:
            break
        }
    }

    /// A missing file is reported now; a fragment is kept to check against the target's ids.
    private mutating func resolve(
        _ address: String,
        _ classified: LinkAddress,
        _ element: HTMLElement,
        _ page: PageContext,
        rule: String,
        prefix: String,
        clues: () -> [String]
    ) {
        // Classified once by the caller: the same address is not taken apart twice.
        guard case .site(let path, let isAbsolute, let fragment) = classified else { return }
        switch resolver.target(
            address,
            path: path,
            isAbsolute: isAbsolute,
            fragment: fragment,
            from: page.path,
            directory: directory
        ) {
        case .failure(let problem):
            page.error(rule, at: element, prefix + problem.message, hint: problem.hint, clues: clues())
        case .success(let found):
            guard let (target, fragment) = found, let fragment else { return }
            let reference = Reference(
                address: address,
                line: element.line,
                column: 0,
                clues: clues(),
                target: target,
                fragment: fragment
            )
            if target == page.path { samePage.append(reference) } else { references.append(reference) }
        }
    }

    /// Links to `#fragments` of the page itself, once its ids are known.
    func checkSamePage(_ page: PageContext, anchors: Set<String>) -> [CheckFinding] {
        samePage.compactMap { reference in
            guard
                let problem = resolver.fragmentProblem(
                    reference.address,
                    target: reference.target,
                    fragment: reference.fragment,
                    ids: anchors
                )
            else {
                return nil
            }
            return CheckFinding(
                .error,
                file: page.path,
                line: max(reference.line, 1),
                column: 0,
                rule: "link-fragment",
                message: problem.message,
                hint: problem.hint,
                clues: reference.clues
            )
        }
    }

    /// `0; url=../target/` to `../target/`.
    static func refreshTarget(_ content: String) -> String? {
        guard let range = content.range(of: "url=", options: .caseInsensitive) else { return nil }
        let target = content[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: " '\""))
        return target.isEmpty ? nil : target
    }

    /// The image candidates' addresses, by the HTML standard's srcset parser: an address runs to
    /// the next whitespace (a `data:` URI keeps its commas), trailing commas end a candidate, and
    /// descriptors run to a comma outside parentheses.
    static func srcset(_ value: String?) -> [String] {
        guard let value else { return [] }
        var rest = Substring(value).unicodeScalars[...]
        var found: [String] = []
        while true {
            while let first = rest.first, first.properties.isWhitespace || first == "," { rest.removeFirst() }
            guard !rest.isEmpty else { return found }
            var address = String.UnicodeScalarView()
            while let first = rest.first, !first.properties.isWhitespace {
                address.append(first)
                rest.removeFirst()
            }
            var url = String(address)
            if url.hasSuffix(",") {
                while url.hasSuffix(",") { url.removeLast() }
            } else {
                var inParentheses = false
                while let first = rest.first {
                    rest.removeFirst()
                    if first == "(" {
                        inParentheses = true
                    } else if first == ")" {
                        inParentheses = false
                    } else if first == ",", !inParentheses {
                        break
                    }
                }
            }
            if !url.isEmpty { found.append(url) }
        }
    }
}

/// Addresses in CSS: `url(...)` and `@import "..."`.
enum CSSAddresses {
    static func find(in css: String) -> [String] {
        var found: [String] = []
        var rest = Substring(css)
        while let start = rest.range(of: "url(") {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(of: ")") else { break }
            let address = rest[..<end].trimmingCharacters(in: CharacterSet(charactersIn: " \t\n'\""))
            if !address.isEmpty && !address.hasPrefix("data:") { found.append(address) }
            rest = rest[end...]
        }
        rest = Substring(css)
        while let start = rest.range(of: "@import") {
            rest = rest[start.upperBound...]
            let trimmed = rest.drop { $0 == " " }
            if let quote = trimmed.first, quote == "\"" || quote == "'" {
                let body = trimmed.dropFirst()
                if let end = body.firstIndex(of: quote) { found.append(String(body[..<end])) }
            }
        }
        return found
    }
}
