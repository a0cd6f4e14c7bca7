import Crypto
import Foundation
import PortalHTML
import PortalSupport

/// Each page's scan from the site's last check, reused for a page whose bytes are the same now.
///
/// A scan reads its page, the list of built files (links are resolved against it), the site's
/// address, and the checker and libxml2 that do it; nothing else. The page is named by the SHA-256
/// of its bytes; the rest by one `context` digest, and a cache made in another context is not
/// used at all. What looks across pages (other pages' fragments, unique titles, the sitemap, style
/// sheets) runs on every check, on reused and new scans alike.
struct PageScanCache: Sendable {
    /// Bumped when `ScannedPage` changes shape (a new binary changes `context` anyway).
    static let format = 4

    struct Entry: Sendable {
        var digest: String
        /// The file's `FileStamp` when it was scanned: a page the build left as it was (a hard
        /// link to the published file, `BuildMemo`) is reused without being read again.
        var stamp: String
        var page: ScannedPage
    }

    let file: URL
    let context: String
    private let entries: [String: Entry]

    /// The cache kept in `file`, or an empty one when it is missing, damaged, of another format
    /// or made in another context; nil (no cache at all) when the checker cannot name its binary.
    static func load(file: URL, files: [String], base: URL?) -> PageScanCache? {
        guard let context = context(files: files, base: base) else { return nil }
        let entries = SourceFile.read(file.path).flatMap { try? decode($0.bytes, context: context) } ?? [:]
        return PageScanCache(file: file, context: context, entries: entries)
    }

    private static let magic = "portal check cache"
    private static let checksumSize = SHA256.byteCount

    /// The file is its contents and their SHA-256: a changed byte would otherwise be read as a
    /// different title or id, and give wrong findings rather than none.
    private static func decode(_ file: [UInt8], context: String) throws(ScanCacheReader.Damaged) -> [String: Entry] {
        guard file.count > checksumSize else { throw ScanCacheReader.Damaged() }
        let bytes = Array(file.dropLast(checksumSize))
        guard SHA256.hash(data: bytes).elementsEqual(file.suffix(checksumSize)) else { throw ScanCacheReader.Damaged() }
        var reader = ScanCacheReader(bytes)
        guard try reader.string() == magic, try reader.int() == format, try reader.string() == context else {
            return [:]
        }
        var entries: [String: Entry] = [:]
        for entry in try reader.chunked(Entry.init(reading:)) { entries[entry.page.path] = entry }
        guard reader.atEnd else { throw ScanCacheReader.Damaged() }
        return entries
    }

    /// No page's scan is kept (a first check, or the last one's was of no use).
    var isEmpty: Bool { entries.isEmpty }

    /// The stored scan of this page, when its bytes are the ones scanned then.
    func page(_ path: String, digest: String) -> ScannedPage? {
        guard let entry = entries[path], entry.digest == digest else { return nil }
        return entry.page
    }

    /// The stored scan of this page, when the file is the very one scanned then (same stamp).
    func entry(_ path: String, stamp: String) -> Entry? {
        guard let entry = entries[path], !entry.stamp.isEmpty, entry.stamp == stamp else { return nil }
        return entry
    }

    /// Keeps this check's scans for the next one; written only when they differ from the stored
    /// ones. A cache that cannot be written costs the next check time, never a finding.
    func save(_ scans: [PageScan]) {
        let kept = scans.compactMap { scan in
            scan.page.readable ? scan.digest.map { Entry(digest: $0, stamp: scan.stamp ?? "", page: scan.page) } : nil
        }
        let unchanged =
            kept.count == entries.count
            && scans.allSatisfy { ($0.reused && entries[$0.page.path]?.stamp == $0.stamp) || $0.digest == nil }
        guard !unchanged else { return }
        var writer = ScanCacheWriter()
        writer.string(Self.magic)
        writer.int(Self.format)
        writer.string(context)
        writer.chunked(kept) { entry, writer in entry.write(to: &writer) }
        var bytes = writer.bytes
        bytes.append(contentsOf: SHA256.hash(data: bytes))
        try? FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(),
            withIntermediateDirectories: true
        )
        try? Data(bytes).write(to: file, options: .atomic)
    }

    static func digest(_ bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// Everything a scan depends on besides its page; nil when the checker cannot name itself.
    static func context(files: [String], base: URL?) -> String? {
        guard let checker = checkerIdentity else { return nil }
        var hasher = SHA256()
        let header =
            "portal check cache \(format)\0\(checker)\0\(HTMLDocument.libraryVersion)\0\(base?.absoluteString ?? "")\0"
        hasher.update(data: Array(header.utf8))
        for path in files {
            hasher.update(data: Array(path.utf8))
            hasher.update(data: [0])
        }
        return hex(hasher.finalize())
    }

    /// A rebuilt or upgraded `portal`, whose rules may differ, does not trust scans made by another.
    private static let checkerIdentity = ExecutableIdentity.current

    private static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

extension PageScanCache.Entry {
    init(reading reader: inout ScanCacheReader) throws(ScanCacheReader.Damaged) {
        digest = try reader.string()
        stamp = try reader.string()
        page = try ScannedPage(reading: &reader)
    }

    func write(to writer: inout ScanCacheWriter) {
        writer.string(digest)
        writer.string(stamp)
        page.write(to: &writer)
    }
}
