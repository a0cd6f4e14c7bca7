import Foundation
import PortalDiagnostics
import PortalSupport

/// The check cache's file format: `BinaryWriter`'s (numbers as variable-length integers, strings
/// by length, fields in a fixed order; `PageScanCache` adds a header and a checksum). JSON took
/// 0.2 s to read and 0.3 s to write at 10,000 pages, which is most of what the cache saves; this
/// takes a few hundredths. `ScanCacheCodingTests` round-trips a scan with every field set, so a
/// field added to `ScannedPage` and not written here fails there.
typealias ScanCacheWriter = BinaryWriter
typealias ScanCacheReader = BinaryReader

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
