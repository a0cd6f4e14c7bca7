import Foundation
import PortalDiagnostics

/// The check cache's file format: numbers as variable-length integers, strings by length, fields
/// in a fixed order (`PageScanCache` adds a header and a checksum). JSON took 0.2 s to read and
/// 0.3 s to write at 10,000 pages, which is most of what the cache saves; this takes a few
/// hundredths. `ScanCacheCodingTests` round-trips a scan with every field set, so a field added
/// to `ScannedPage` and not written here fails there.
struct ScanCacheWriter {
    private(set) var bytes: [UInt8] = []

    mutating func int(_ value: Int) {
        // Zigzag, so that a negative number stays short too.
        var rest = UInt64(bitPattern: Int64((value << 1) ^ (value >> (Int.bitWidth - 1))))
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func string(_ value: String) {
        int(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    mutating func optional(_ value: String?) {
        bool(value != nil)
        if let value { string(value) }
    }

    mutating func strings(_ values: [String]) {
        int(values.count)
        for value in values { string(value) }
    }
}

struct ScanCacheReader {
    struct Damaged: Error {}

    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { offset == bytes.count }

    mutating func int() throws(Damaged) -> Int {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count, shift < 64 else { throw Damaged() }
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        // Shifted as unsigned: an arithmetic shift would bring the sign bit back in.
        return Int(Int64(bitPattern: value >> 1) ^ -Int64(value & 1))
    }

    /// A count of things that follow, each at least one byte long.
    mutating func count() throws(Damaged) -> Int {
        let count = try int()
        guard count >= 0, count <= bytes.count - offset else { throw Damaged() }
        return count
    }

    mutating func bool() throws(Damaged) -> Bool {
        guard offset < bytes.count, bytes[offset] <= 1 else { throw Damaged() }
        offset += 1
        return bytes[offset - 1] == 1
    }

    mutating func string() throws(Damaged) -> String {
        let length = try count()
        defer { offset += length }
        return String(decoding: bytes[offset..<(offset + length)], as: UTF8.self)
    }

    mutating func optional() throws(Damaged) -> String? {
        try bool() ? try string() : nil
    }

    mutating func strings() throws(Damaged) -> [String] {
        var values: [String] = []
        for _ in 0..<(try count()) { values.append(try string()) }
        return values
    }
}

extension ScannedPage {
    /// Everything but `bodyLines`, which each check works out from the build's own source map.
    func write(to writer: inout ScanCacheWriter) {
        writer.string(path)
        writer.strings(anchors.sorted())
        writer.int(references.count)
        for reference in references {
            writer.string(reference.address)
            writer.int(reference.line)
            writer.int(reference.column)
            writer.strings(reference.clues)
            writer.string(reference.target)
            writer.string(reference.fragment)
        }
        writer.int(external.count)
        for reference in external {
            writer.string(reference.url.absoluteString)
            writer.string(reference.file)
            writer.int(reference.line)
            writer.int(reference.column)
            writer.strings(reference.clues)
        }
        writer.optional(title)
        writer.int(titleLine)
        writer.bool(isRedirect)
        writer.bool(isNoIndex)
        writer.int(findings.count)
        for finding in findings {
            writer.string(finding.severity.rawValue)
            writer.string(finding.file)
            writer.int(finding.line)
            writer.int(finding.column)
            writer.string(finding.rule)
            writer.string(finding.message)
            writer.string(finding.hint)
            writer.strings(finding.clues)
            writer.bool(finding.sourced)
            writer.optional(finding.frontMatterKey)
            writer.optional(finding.elementID)
        }
        writer.bool(readable)
    }

    init(reading reader: inout ScanCacheReader) throws(ScanCacheReader.Damaged) {
        self.init(path: try reader.string())
        anchors = Set(try reader.strings())
        for _ in 0..<(try reader.count()) {
            references.append(
                Reference(
                    address: try reader.string(),
                    line: try reader.int(),
                    column: try reader.int(),
                    clues: try reader.strings(),
                    target: try reader.string(),
                    fragment: try reader.string()
                )
            )
        }
        for _ in 0..<(try reader.count()) {
            guard let url = URL(string: try reader.string()) else { throw ScanCacheReader.Damaged() }
            external.append(
                ExternalReference(
                    url: url,
                    file: try reader.string(),
                    line: try reader.int(),
                    column: try reader.int(),
                    clues: try reader.strings()
                )
            )
        }
        title = try reader.optional()
        titleLine = try reader.int()
        isRedirect = try reader.bool()
        isNoIndex = try reader.bool()
        for _ in 0..<(try reader.count()) {
            guard let severity = Diagnostic.Severity(rawValue: try reader.string()) else {
                throw ScanCacheReader.Damaged()
            }
            var finding = CheckFinding(
                severity,
                file: try reader.string(),
                line: try reader.int(),
                column: try reader.int(),
                rule: try reader.string(),
                message: try reader.string(),
                hint: try reader.string(),
                clues: try reader.strings(),
                sourced: try reader.bool()
            )
            finding.frontMatterKey = try reader.optional()
            finding.elementID = try reader.optional()
            findings.append(finding)
        }
        readable = try reader.bool()
    }
}
