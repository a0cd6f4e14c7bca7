import Crypto
import Foundation
import PortalContent
import PortalDiagnostics
import PortalMarkdown
import PortalReadability
import PortalSupport
import PortalYAML

/// What `portal build` keeps in `.cache/build-pages.bin` for the next build, so that a build
/// after a small change does the work of that change: every page body as HTML with its links
/// (`BodyMemo`), what each page showed of itself and where it stood (`RenderPlan.Snapshot`), and
/// the `FileStamp` of each file it wrote. A page whose body and neighbours are as before takes its
/// files from `public/` (when they still hold those bytes) instead of being rendered again; the
/// pages `RenderPlan` names, and all of them when `SettingsDigest` differs, are rendered.
/// Written only after a build replaced `public/`, so it always describes what `public/` holds;
/// `--no-cache` neither reads nor writes it. `BuildMemoTests` holds every kind of edit to
/// "the same files as a build from scratch".
struct BuildMemo {
    /// Bumped when the file's layout changes.
    static let format = 6

    struct OutputFile: Equatable, Sendable {
        var path: String
        /// The published file's `FileStamp` when the memo was written: while it is the same, the
        /// file is not read.
        var stamp = ""
    }

    /// What the build needs of a body it did not render again, besides its headings, anchors and
    /// problems: the body's HTML is not kept (the published page holds it), so what was made from
    /// it is. A nil field was not made by the last build (no search page, `--no-check`...): the
    /// body is rendered again if this build needs it.
    struct Restored: Sendable {
        /// The words `SearchIndex` kept of the body, at most `searchLimit` of them.
        var searchWords: String?
        var searchLimit = 0
        /// Its readability, measured (the inner nil: a page too short or in another language).
        var readability: ReadabilityScore??
        /// The lines of its built page that hold it (the inner nil: none), for `portal check`.
        var bodyLines: ClosedRange<Int>??
    }

    var settings: String
    var world: String
    var plan: RenderPlan.Snapshot
    /// Each page's body (by its source), without its HTML.
    var bodyEntries: [String: BodyMemo.Entry]
    /// Each page's files (by its source), as written.
    var outputs: [String: [OutputFile]]
    /// Each page's front matter, as written and as parsed.
    var frontMatter: [String: (yaml: String, node: YAMLNode)]
    /// Each page's Markdown file as read: the next build leaves those unchanged since unread.
    var readStamps: ReadStamps

    static func file(_ siteFolder: URL) -> URL {
        siteFolder.appendingPathComponent(".cache/build-pages.bin")
    }

    private static let magic = "portal build memo"
    private static let checksumSize = SHA256.byteCount

    /// The memo in `file` when it was made with these settings; nil when it is missing, damaged,
    /// of another format or made with other settings (then the build renders everything).
    static func load(from file: URL, settings: String) -> BuildMemo? {
        guard let bytes = try? Data(contentsOf: file, options: .alwaysMapped), bytes.count > checksumSize,
            SHA256.hash(data: bytes.dropLast(checksumSize)).elementsEqual(bytes.suffix(checksumSize))
        else { return nil }
        var reader = BinaryReader(Array(bytes.dropLast(checksumSize)))
        return try? decode(&reader, settings: settings)
    }

    /// The bodies, for a build rendering with `options` (part of the settings, so the same as theirs).
    func bodies(options: MarkdownOptions) -> [String: BodyMemo.Entry] {
        bodyEntries.mapValues { entry in
            var entry = entry
            entry.options = options
            return entry
        }
    }

    private static func decode(
        _ reader: inout BinaryReader,
        settings: String
    ) throws(BinaryReader.Damaged) -> BuildMemo? {
        guard try reader.string() == magic, try reader.int() == format, try reader.string() == settings else {
            return nil
        }
        var memo = BuildMemo(
            settings: settings,
            world: try reader.string(),
            plan: .init(),
            bodyEntries: [:],
            outputs: [:],
            frontMatter: [:],
            readStamps: ReadStamps(readStarted: Double(try reader.int()) / 1000)
        )
        for record in try reader.chunked(readPage) {
            let source = record.source
            memo.plan.shown[source] = record.shown
            memo.plan.place[source] = record.place
            if let layout = record.layout { memo.plan.layout[source] = layout }
            memo.outputs[source] = record.files
            if let body = record.body { memo.bodyEntries[source] = body }
            if let matter = record.frontMatter { memo.frontMatter[source] = matter }
            if let read = record.read { memo.readStamps.sources[source] = read }
        }
        // Where the check found each body, written last (`PendingSave.finish`).
        for _ in 0..<(try reader.count()) {
            let source = try reader.string()
            let lines: ClosedRange<Int>?? = try reader.bool() ? .some(try readLines(&reader)) : nil
            memo.bodyEntries[source]?.rendered.restored?.bodyLines = lines
        }
        guard reader.atEnd else { throw BinaryReader.Damaged() }
        return memo
    }

    /// One page's part of the memo, as decoded on some core.
    private struct PageRecord: Sendable {
        var source: String
        var shown: String
        var place: RenderPlan.Place
        var layout: String?
        var files: [OutputFile]
        var body: BodyMemo.Entry?
        var frontMatter: (yaml: String, node: YAMLNode)?
        var read: ReadStamps.Source?
    }

    private static func readPage(_ reader: inout BinaryReader) throws(BinaryReader.Damaged) -> PageRecord {
        let source = try reader.string()
        let shown = try reader.string()
        let parent = try reader.optional()
        let children = try reader.strings()
        var translations: [String: String] = [:]
        for _ in 0..<(try reader.count()) { translations[try reader.string()] = try reader.string() }
        let layout = try reader.optional()
        var files: [OutputFile] = []
        for _ in 0..<(try reader.count()) {
            files.append(OutputFile(path: try reader.string(), stamp: try reader.string()))
        }
        return PageRecord(
            source: source,
            shown: shown,
            place: RenderPlan.Place(parent: parent, children: children, translations: translations),
            layout: layout,
            files: files,
            body: try reader.bool() ? try readBody(&reader) : nil,
            frontMatter: try reader.bool() ? (try reader.string(), try readNode(&reader)) : nil,
            read: try reader.bool()
                ? ReadStamps.Source(stamp: try reader.string(), bodyLineOffset: try reader.int()) : nil
        )
    }

    /// Writes the memo beside its final name, every page but where the check found its body
    /// (made beside the check, which leaves a core idle); `PendingSave.finish` adds that and
    /// renames the file into place. Written in pieces (a large site's memo is tens of megabytes).
    /// A memo that cannot be written costs the next build time only.
    func startSaving(to file: URL) -> PendingSave? {
        let folder = file.deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(".\(file.lastPathComponent).\(getpid())")
        guard
            let handle = FileManager.default.createFile(atPath: temporary.path, contents: nil)
                ? FileHandle(forWritingAtPath: temporary.path) : nil
        else { return nil }
        let pending = PendingSave(handle: handle, temporary: temporary, file: file)
        var writer = BinaryWriter()
        writer.string(Self.magic)
        writer.int(Self.format)
        writer.string(settings)
        writer.string(world)
        // Milliseconds: the margin `ReadStamps` keeps is a second.
        writer.int(Int(readStamps.readStarted * 1000))
        let sources = plan.shown.keys.sorted()
        writer.chunked(
            sources,
            { source, page in if writePage(source, to: &page) { pending.bodies.append(source) } },
            flush: { writer in if writer.bytes.count > 1 << 20 { pending.write(writer.drain()) } }
        )
        pending.write(writer.drain())
        return pending
    }

    /// One page's record: its place and layout, its files, its body, front matter and read stamp.
    /// True when it holds the body (`PendingSave.finish` then adds where the check found it).
    private func writePage(_ source: String, to writer: inout BinaryWriter) -> Bool {
        writer.string(source)
        writer.string(plan.shown[source] ?? "")
        let place = plan.place[source]
        writer.optional(place?.parent)
        writer.strings(place?.children ?? [])
        let translations = (place?.translations ?? [:]).sorted { $0.key < $1.key }
        writer.int(translations.count)
        for (language, other) in translations {
            writer.string(language)
            writer.string(other)
        }
        writer.optional(plan.layout[source])
        let files = outputs[source] ?? []
        writer.int(files.count)
        for output in files {
            writer.string(output.path)
            writer.string(output.stamp)
        }
        let body = bodyEntries[source].flatMap { $0.bodyDigest == nil ? nil : $0 }
        writer.bool(body != nil)
        if let body { Self.writeBody(body, to: &writer) }
        let matter = frontMatter[source]
        writer.bool(matter != nil)
        if let matter {
            writer.string(matter.yaml)
            Self.writeNode(matter.node, to: &writer)
        }
        let read = readStamps.sources[source]
        writer.bool(read != nil)
        if let read {
            writer.string(read.stamp)
            writer.int(read.bodyLineOffset)
        }
        return body != nil
    }

    /// A memo written but for its last part, in a file beside its final name.
    final class PendingSave: @unchecked Sendable {
        private let handle: FileHandle
        private let temporary: URL
        private let file: URL
        private var checksum = SHA256()
        private var failed = false
        /// The pages whose body the memo holds, in the order written.
        fileprivate(set) var bodies: [String] = []

        fileprivate init(handle: FileHandle, temporary: URL, file: URL) {
            self.handle = handle
            self.temporary = temporary
            self.file = file
        }

        fileprivate func write(_ bytes: [UInt8]) {
            checksum.update(data: bytes)
            do { try handle.write(contentsOf: bytes) } catch { failed = true }
        }

        /// Adds where the check found each body (nil: not known) and puts the memo in place.
        func finish(bodyLines: (String) -> ClosedRange<Int>??) {
            var writer = BinaryWriter()
            writer.int(bodies.count)
            for source in bodies {
                writer.string(source)
                let lines = bodyLines(source)
                writer.bool(lines != nil)
                if let lines { BuildMemo.writeLines(lines, to: &writer) }
            }
            write(writer.drain())
            do { try handle.write(contentsOf: Array(checksum.finalize())) } catch { failed = true }
            try? handle.close()
            if failed || rename(temporary.path, file.path) != 0 { unlink(temporary.path) }
        }

        /// The build failed: no memo is written (the last one stays).
        func abandon() {
            try? handle.close()
            unlink(temporary.path)
        }
    }
}

extension BuildMemo {
    private static func writeBody(_ entry: BodyMemo.Entry, to writer: inout BinaryWriter) {
        writer.string(entry.bodyDigest ?? "")
        writer.int(entry.bodyLineOffset)
        writer.string(entry.url)
        writer.string(entry.displayPath)
        writer.int(entry.references.count)
        for (reference, replacement) in zip(entry.references, entry.replacements) {
            writer.string(reference.destination)
            writer.bool(reference.isImage)
            writer.int(reference.line)
            writer.int(reference.column)
            writer.optional(replacement)
        }
        let body = entry.rendered
        let restored = body.restored ?? Restored()
        writer.optional(restored.searchWords)
        writer.int(restored.searchLimit)
        writer.bool(restored.readability != nil)
        if let measured = restored.readability {
            writer.bool(measured != nil)
            if let score = measured {
                writer.int(score.words)
                writer.int(score.sentences)
                writer.int(score.syllables)
                writer.string(score.language)
            }
        }
        writer.int(body.headings.count)
        for heading in body.headings {
            writer.int(heading.level)
            writer.string(heading.id)
            writer.string(heading.text)
            writer.int(heading.line)
            writer.string(heading.attributesHTML)
            writer.strings(heading.refusedAttributes)
        }
        writer.strings(body.rawHTMLIDs)
        writer.int(body.anchors.count)
        for anchor in body.anchors {
            writer.int(anchor.target)
            writer.string(anchor.fragment)
            writer.string(anchor.file)
            writer.int(anchor.line)
            writer.int(anchor.column)
        }
        writer.int(body.problems.count)
        for problem in body.problems {
            writer.bool(problem.severity == .error)
            writer.string(problem.file)
            writer.int(problem.line)
            writer.int(problem.column)
            writer.string(problem.rule)
            writer.string(problem.message)
            writer.string(problem.hint)
        }
    }

    fileprivate static func writeLines(_ lines: ClosedRange<Int>?, to writer: inout BinaryWriter) {
        writer.bool(lines != nil)
        if let lines {
            writer.int(lines.lowerBound)
            writer.int(lines.upperBound)
        }
    }

    private static func readLines(_ reader: inout BinaryReader) throws(BinaryReader.Damaged) -> ClosedRange<Int>? {
        guard try reader.bool() else { return nil }
        let lower = try reader.int()
        let upper = try reader.int()
        guard lower <= upper else { throw BinaryReader.Damaged() }
        return lower...upper
    }

    private static func readBody(_ reader: inout BinaryReader) throws(BinaryReader.Damaged) -> BodyMemo.Entry {
        let digest = try reader.string()
        let lineOffset = try reader.int()
        let url = try reader.string()
        let displayPath = try reader.string()
        var references: [LinkReference] = []
        var replacements: [String?] = []
        for _ in 0..<(try reader.count()) {
            references.append(
                LinkReference(
                    destination: try reader.string(),
                    isImage: try reader.bool(),
                    line: try reader.int(),
                    column: try reader.int()
                )
            )
            replacements.append(try reader.optional())
        }
        var restored = Restored(searchWords: try reader.optional(), searchLimit: try reader.int())
        if try reader.bool() {
            restored.readability = .some(
                try reader.bool()
                    ? ReadabilityScore(
                        words: try reader.int(),
                        sentences: try reader.int(),
                        syllables: try reader.int(),
                        language: try reader.string()
                    ) : nil
            )
        }
        var headings: [Heading] = []
        for _ in 0..<(try reader.count()) {
            headings.append(
                Heading(
                    level: try reader.int(),
                    id: try reader.string(),
                    text: try reader.string(),
                    line: try reader.int(),
                    attributesHTML: try reader.string(),
                    refusedAttributes: try reader.strings()
                )
            )
        }
        let rawIDs = try reader.strings()
        var anchors: [AnchorCheck] = []
        for _ in 0..<(try reader.count()) {
            anchors.append(
                AnchorCheck(
                    target: try reader.int(),
                    fragment: try reader.string(),
                    file: try reader.string(),
                    line: try reader.int(),
                    column: try reader.int()
                )
            )
        }
        var problems: [Diagnostic] = []
        for _ in 0..<(try reader.count()) {
            let severity: Diagnostic.Severity = try reader.bool() ? .error : .warning
            problems.append(
                Diagnostic(
                    severity,
                    file: try reader.string(),
                    line: try reader.int(),
                    column: try reader.int(),
                    rule: try reader.string(),
                    message: try reader.string(),
                    hint: try reader.string()
                )
            )
        }
        let rendered = RenderedBody(
            html: "",
            headings: headings,
            rawHTMLIDs: rawIDs,
            anchors: anchors,
            problems: problems,
            main: "",
            sources: "",
            hasHTML: false,
            restored: restored
        )
        return BodyMemo.Entry(
            body: nil,
            bodyDigest: digest,
            bodyLineOffset: lineOffset,
            url: url,
            displayPath: displayPath,
            options: MarkdownOptions(),
            references: references,
            replacements: replacements,
            rendered: rendered,
            version: 0,
            world: 0
        )
    }
}

extension BuildMemo {
    private static func writeNode(_ node: YAMLNode, to writer: inout BinaryWriter) {
        writer.int(node.line)
        writer.int(node.column)
        switch node.value {
        case .scalar(let text, let tag):
            writer.int(0)
            writer.string(text)
            writer.string(tag)
        case .sequence(let items):
            writer.int(1)
            writer.int(items.count)
            for item in items { writeNode(item, to: &writer) }
        case .mapping(let pairs):
            writer.int(2)
            writer.int(pairs.count)
            for pair in pairs {
                writer.string(pair.key)
                writer.int(pair.keyLine)
                writer.int(pair.keyColumn)
                writeNode(pair.value, to: &writer)
            }
        }
    }

    private static func readNode(_ reader: inout BinaryReader, depth: Int = 0) throws(BinaryReader.Damaged) -> YAMLNode
    {
        guard depth < 64 else { throw BinaryReader.Damaged() }
        let line = try reader.int()
        let column = try reader.int()
        switch try reader.int() {
        case 0:
            return YAMLNode(.scalar(try reader.string(), tag: try reader.string()), line: line, column: column)
        case 1:
            var items: [YAMLNode] = []
            for _ in 0..<(try reader.count()) { items.append(try readNode(&reader, depth: depth + 1)) }
            return YAMLNode(.sequence(items), line: line, column: column)
        case 2:
            var pairs: [YAMLPair] = []
            for _ in 0..<(try reader.count()) {
                let key = try reader.string()
                let keyLine = try reader.int()
                let keyColumn = try reader.int()
                pairs.append(
                    YAMLPair(
                        key: key,
                        keyLine: keyLine,
                        keyColumn: keyColumn,
                        value: try readNode(&reader, depth: depth + 1)
                    )
                )
            }
            return YAMLNode(.mapping(pairs), line: line, column: column)
        default:
            throw BinaryReader.Damaged()
        }
    }
}

extension LinkWorld {
    /// The same in every run, for `BuildMemo`: equal digests, equal worlds.
    var digest: String {
        var digest = StableDigest()
        digest.add(pages.count)
        for page in pages {
            digest.add(page.source)
            digest.add(page.url)
            for (language, index) in page.translations.sorted(by: { $0.key < $1.key }) {
                digest.add(language)
                digest.add(index)
            }
            digest.add("|")
        }
        digest.add(assetFiles.joined(separator: "\n"))
        digest.add(drafts.sorted().joined(separator: "\n"))
        return digest.hex
    }
}
