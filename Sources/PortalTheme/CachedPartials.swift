import Foundation
import Mustache

/// Partials rendered once per distinct input and reused, as Hugo's `partialCached`, but with no
/// declaration: the theme's texts say which partials qualify and what each one shows.
///
/// Looking a name up in swift-mustache costs several dynamic casts per stack level, so the
/// header's menu, the crisis line and the help strip, the same on most pages, were most of the
/// time spent in templates. A partial qualifies when
/// - it (with the partials it includes) uses no block (`{{$`), parent (`{{<`), dynamic partial,
///   transform, `.` name or `page` value (`page` differs on every page: never worth keeping);
/// - it is included on a line of its own at the line's start, outside every section and block,
///   in a template that is itself only ever rendered at the top (never inside a section), so its
///   stack holds the page's data alone, as when it is rendered on its own.
/// In a second copy of the templates, such a tag names instead the partial `__portal_cached/pN`,
/// `{{{__portal_partials.pN}}}` (still a partial tag alone on its line, so the lines around it
/// come out as before), and the partial's output is looked up by the values of every name it
/// uses, each read from the page's data at its full dotted path (what a name inside a section
/// falls back to is read too). Values of other types than text, numbers, flags, lists and maps
/// are not written into a key: such a page renders the partial afresh.
public final class CachedPartials: @unchecked Sendable {
    static let contextKey = "__portal_partials"
    static let slotPrefix = "__portal_cached/"
    /// The templates with qualifying partials' lines replaced.
    let library: MustacheLibrary
    /// For each template, the cached partials it shows at its top (directly or through parents
    /// and partials that are not cached).
    public let uses: [String: [String]]
    /// For each cached partial, the cached partials in its own text: rendered on their own and
    /// put in its output where it holds their `marker`, so that a language switch that differs
    /// on every page does not make the whole header differ.
    let nested: [String: [String]]
    /// For each cached partial, the dotted names its output (less its nested cached partials')
    /// depends on, sorted, split at the dots.
    let inputs: [String: [(name: String, path: [String])]]
    /// For each cached partial, its name under `contextKey` (a variable's name cannot hold `/`).
    let slots: [String: String]
    private let lock = NSLock()
    private var outputs: [String: Pieces] = [:]
    /// Outputs kept at most (a preview rebuilds for hours); past it the cache starts again.
    private let limit = 50_000
    /// The key text of each list of maps already written, by the list's storage, with the list
    /// itself (so the storage is not freed and reused by another list meanwhile). The header's
    /// menu is one list shared by the pages of an area (`MenuCache` in `PortalSite`): writing
    /// its ten entries out again for every page took 2-3% of a build. Same `limit`.
    private var listKeys: [UnsafeRawPointer: (list: [[String: Any]], text: String)] = [:]

    init?(texts: [String: String]) {
        let scans = texts.mapValues(TemplateScan.init)
        // A dynamic partial may be any template, at any depth; a changed delimiter hides tags.
        if scans.values.contains(where: \.unsupported) { return nil }
        var cacheable: Set<String> = []
        for name in scans.keys where Self.qualifies(name, scans: scans) { cacheable.insert(name) }
        let top = Self.topOnly(scans)
        var slots: [String: String] = [:]
        for (index, name) in cacheable.sorted().enumerated() { slots[name] = "p\(index)" }
        var library = MustacheLibrary()
        for (name, scan) in scans.sorted(by: { $0.key < $1.key }) {
            var text = texts[name] ?? ""
            for site in scan.partials.reversed() where Self.replaced(site, in: name, top: top, slots: slots) {
                guard let slot = slots[site.name] else { continue }
                text.replaceSubrange(site.range, with: "{{> \(Self.slotPrefix)\(slot)}}")
            }
            guard let template = try? MustacheTemplate(string: HTMLEscaping.pragma + text) else { return nil }
            library.register(template, named: name)
        }
        for slot in slots.values {
            guard let template = try? MustacheTemplate(string: "{{{\(Self.contextKey).\(slot)}}}") else { return nil }
            library.register(template, named: Self.slotPrefix + slot)
        }
        var uses: [String: [String]] = [:]
        var inputs: [String: [(name: String, path: [String])]] = [:]
        for name in scans.keys {
            // The cached partials at the top of this template and of every template it includes
            // there, and the names those templates use.
            var seen: Set<String> = [name], queue = [name], found: Set<String> = [], names: Set<String> = []
            while let next = queue.popLast() {
                names.formUnion(scans[next]?.names ?? [])
                for site in scans[next]?.partials ?? [] where Self.replaced(site, in: next, top: top, slots: slots) {
                    found.insert(site.name)
                }
                let sites = (scans[next]?.partials ?? []) + (scans[next]?.parents ?? [])
                for site in sites where !Self.replaced(site, in: next, top: top, slots: slots) {
                    if seen.insert(site.name).inserted { queue.append(site.name) }
                }
            }
            if !found.isEmpty { uses[name] = found.sorted() }
            if cacheable.contains(name) {
                inputs[name] = names.sorted().map {
                    ($0, $0.split(separator: ".", omittingEmptySubsequences: false).map(String.init))
                }
            }
        }
        if uses.isEmpty { return nil }
        self.library = library
        self.uses = uses.filter { !cacheable.contains($0.key) }
        self.nested = uses.filter { cacheable.contains($0.key) }
        self.inputs = inputs
        self.slots = slots
    }

    /// Whether `name`, with the partials it includes, shows nothing of `page`, has no blocks or
    /// parents and names everything plainly (no `.`, no transforms).
    private static func qualifies(_ name: String, scans: [String: TemplateScan]) -> Bool {
        guard !name.contains(".") else { return false }
        var seen: Set<String> = [name], queue = [name]
        while let next = queue.popLast() {
            guard let scan = scans[next], !scan.usesBlocks else { return false }
            for used in scan.names {
                let first = used.split(separator: ".", omittingEmptySubsequences: false).first ?? ""
                if used.hasPrefix(".") || used.contains("(") || first == "page" || used.isEmpty { return false }
            }
            for site in scan.partials where seen.insert(site.name).inserted { queue.append(site.name) }
        }
        return true
    }

    /// Templates only ever rendered with the page's data alone on the stack and no indentation:
    /// every place that includes them (as a partial or a parent) is at the top of such a
    /// template, alone on its line from its first character (an indented partial is indented
    /// line by line, which a kept output put in its place would not be).
    private static func topOnly(_ scans: [String: TemplateScan]) -> Set<String> {
        var top = Set(scans.keys)
        var changed = true
        while changed {
            changed = false
            for (name, scan) in scans {
                for site in scan.partials + scan.parents
                where top.contains(site.name) && (!site.atTop || !site.ownLine || !top.contains(name)) {
                    top.remove(site.name)
                    changed = true
                }
            }
        }
        return top
    }

    /// Whether this place in `template` names a cached partial's slot in `library`.
    private static func replaced(
        _ site: TemplateScan.Site,
        in template: String,
        top: Set<String>,
        slots: [String: String]
    )
        -> Bool
    {
        top.contains(template) && site.atTop && site.ownLine && slots[site.name] != nil
    }

    /// Stands in a cached partial's kept output for a nested cached partial's output.
    private static func marker(_ slot: String) -> String { "\u{1}portal-partial-\(slot)\u{1}" }

    /// This layout's cached partials' outputs, under their slots, to render it with `library`;
    /// nil when it has none. `render` renders a template with the original templates.
    func outputs(for layout: String, context: [String: Any], render: (String) -> String) -> [String: Any]? {
        guard let partials = uses[layout] else { return nil }
        var values: [String: Any] = [:]
        for partial in partials {
            guard let slot = slots[partial] else { continue }
            values[slot] = output(partial, context: context, render: render)
        }
        return values
    }

    private func output(_ partial: String, context: [String: Any], render: (String) -> String) -> String {
        guard let key = key(partial, context: context) else { return render(partial) }
        lock.lock()
        var kept = outputs[key]
        lock.unlock()
        if kept == nil {
            guard let pieces = pieces(partial, context: context) else { return render(partial) }
            lock.lock()
            if outputs.count >= limit { outputs.removeAll() }
            outputs[key] = pieces
            lock.unlock()
            kept = pieces
        }
        guard let kept else { return render(partial) }
        var text = kept.pieces[0]
        for (index, name) in kept.holes.enumerated() {
            text += output(name, context: context, render: render)
            text += kept.pieces[index + 1]
        }
        return text
    }

    /// A partial's output with holes where its nested cached partials go.
    struct Pieces {
        var pieces: [String]
        var holes: [String]
    }

    /// Renders `partial` with its nested partials' markers in their place and cuts it there;
    /// nil if a marker is not there exactly once (the page's own text held one).
    private func pieces(_ partial: String, context: [String: Any]) -> Pieces? {
        let inner = nested[partial] ?? []
        var markers: [String: Any] = [:]
        for name in inner { if let slot = slots[name] { markers[slot] = Self.marker(slot) } }
        var withMarkers = context
        withMarkers[Self.contextKey] = markers
        let text = library.render(withMarkers, withTemplate: partial) ?? ""
        var found: [(range: Range<String.Index>, name: String)] = []
        for name in inner {
            guard let slot = slots[name] else { return nil }
            let parts = text.components(separatedBy: Self.marker(slot))
            guard parts.count == 2, let range = text.range(of: Self.marker(slot)) else { return nil }
            found.append((range, name))
        }
        found.sort { $0.range.lowerBound < $1.range.lowerBound }
        var result = Pieces(pieces: [], holes: [])
        var start = text.startIndex
        for (range, name) in found {
            result.pieces.append(String(text[start..<range.lowerBound]))
            result.holes.append(name)
            start = range.upperBound
        }
        result.pieces.append(String(text[start...]))
        return result
    }

    /// The partial's name and the value at every dotted name it uses, written so that different
    /// values never give the same key; nil when a value is of a type not written here.
    func key(_ partial: String, context: [String: Any]) -> String? {
        var key = partial + "\u{0}"
        key.reserveCapacity(1024)
        for (name, path) in inputs[partial] ?? [] {
            var value: Any? = context
            for part in path {
                guard let current = value else { break }
                // Anything but a map would be read through reflection: not kept.
                guard let map = current as? [String: Any] else { return nil }
                value = map[part]
            }
            key += name
            key += "="
            guard let value else {
                key += "-"
                continue
            }
            guard append(value, to: &key) else { return nil }
        }
        return key
    }

    /// Appends a tagged, length-prefixed copy of `value`; false for a type not handled.
    func append(_ value: Any, to key: inout String) -> Bool {
        switch value {
        case let text as String:
            key += "s\(text.utf8.count):"
            key += text
        // Exactly these types: a bridged number may cast to Bool or Int but render otherwise.
        case let flag as Bool where type(of: value) == Bool.self: key += flag ? "T" : "F"
        case let number as Int where type(of: value) == Int.self: key += "i\(number);"
        case let number as Double where type(of: value) == Double.self: key += "d\(number);"
        case let map as [String: Any]:
            // Sorted: equal maps may list their entries in different orders.
            key += "{\(map.count):"
            for name in map.keys.sorted() {
                key += "\(name.utf8.count):" + name
                guard let item = map[name], append(item, to: &key) else { return false }
            }
        case let list as [[String: Any]]:
            guard let text = listKey(list) else { return false }
            key += text
        case let list as [String]:
            key += "[\(list.count):"
            for item in list { _ = append(item, to: &key) }
        case let list as [Any]:
            key += "[\(list.count):"
            for item in list { guard append(item, to: &key) else { return false } }
        default: return false
        }
        return true
    }

    /// `append` for a list of maps, from `listKeys` when this very list was written before.
    /// Only values (text, numbers, flags, lists, maps) are written, so a kept text stays true.
    private func listKey(_ list: [[String: Any]]) -> String? {
        guard let storage = list.withUnsafeBufferPointer({ $0.baseAddress.map(UnsafeRawPointer.init) }) else {
            return "[0:"
        }
        lock.lock()
        let known = listKeys[storage]?.text
        lock.unlock()
        if let known { return known }
        var text = "[\(list.count):"
        for item in list { guard append(item, to: &text) else { return nil } }
        lock.lock()
        if listKeys.count >= limit { listKeys.removeAll() }
        listKeys[storage] = (list, text)
        lock.unlock()
        return text
    }
}
