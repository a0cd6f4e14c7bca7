import Foundation

/// A small binary format for the caches in `.cache/` (the check's page scans, the build's page
/// memo): numbers as variable-length integers, strings by length, fields in a fixed order, each
/// cache adding its own header and checksum.
public struct BinaryWriter {
    public init() {}

    public private(set) var bytes: [UInt8] = []

    public mutating func int(_ value: Int) {
        // Zigzag, so that a negative number stays short too.
        var rest = UInt64(bitPattern: Int64((value << 1) ^ (value >> (Int.bitWidth - 1))))
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    public mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    public mutating func string(_ value: String) {
        int(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    /// Bytes by length: a part a reader can skip, or hand to another reader.
    public mutating func block(_ value: [UInt8]) {
        int(value.count)
        bytes.append(contentsOf: value)
    }

    public mutating func optional(_ value: String?) {
        bool(value != nil)
        if let value { string(value) }
    }

    public mutating func strings(_ values: [String]) {
        int(values.count)
        for value in values { string(value) }
    }

    /// Hands over what is written so far and starts empty: a large cache goes to its file in
    /// pieces rather than whole in memory.
    public mutating func drain() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }
}

public struct BinaryReader {
    public struct Damaged: Error { public init() {} }

    private let bytes: [UInt8]
    private var offset: Int
    /// Where this reader stops: a chunk's reader shares the whole file's bytes.
    private let end: Int

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        offset = 0
        end = bytes.count
    }

    private init(_ bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        offset = range.lowerBound
        end = range.upperBound
    }

    public var atEnd: Bool { offset == end }

    public mutating func int() throws(Damaged) -> Int {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end, shift < 64 else { throw Damaged() }
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
    public mutating func count() throws(Damaged) -> Int {
        let count = try int()
        guard count >= 0, count <= end - offset else { throw Damaged() }
        return count
    }

    public mutating func bool() throws(Damaged) -> Bool {
        guard offset < end, bytes[offset] <= 1 else { throw Damaged() }
        offset += 1
        return bytes[offset - 1] == 1
    }

    public mutating func string() throws(Damaged) -> String {
        let length = try count()
        defer { offset += length }
        return String(decoding: bytes[offset..<(offset + length)], as: UTF8.self)
    }

    public mutating func optional() throws(Damaged) -> String? {
        try bool() ? try string() : nil
    }

    public mutating func strings() throws(Damaged) -> [String] {
        var values: [String] = []
        for _ in 0..<(try count()) { values.append(try string()) }
        return values
    }
}

extension BinaryWriter {
    /// Items in chunks of `size` (256: a large site's pages make dozens), each a block by length
    /// that `BinaryReader.chunked` decodes on its own core; `flush` runs after each chunk (a large
    /// cache goes to its file in pieces).
    public mutating func chunked<Items: Collection>(
        _ items: Items,
        size: Int = 256,
        _ write: (Items.Element, inout BinaryWriter) -> Void,
        flush: (inout BinaryWriter) -> Void = { _ in }
    ) {
        precondition(size > 0)
        int((items.count + size - 1) / size)
        var rest = items[...]
        while !rest.isEmpty {
            var part = BinaryWriter()
            part.int(min(size, rest.count))
            for item in rest.prefix(size) { write(item, &part) }
            rest = rest.dropFirst(size)
            block(part.drain())
            flush(&self)
        }
    }
}

extension BinaryReader {
    /// What `BinaryWriter.chunked` wrote, every chunk decoded on some core (each reading its part
    /// of the same bytes), in the order written.
    public mutating func chunked<Item: Sendable>(
        _ read: @escaping @Sendable (inout BinaryReader) throws(Damaged) -> Item
    ) throws(Damaged) -> [Item] {
        var ranges: [Range<Int>] = []
        for _ in 0..<(try count()) {
            let length = try count()
            ranges.append(offset..<(offset + length))
            offset += length
        }
        let bytes = bytes
        let chunks = ranges.parallelMap { range -> [Item]? in
            var reader = BinaryReader(bytes, range: range)
            guard let count = try? reader.count() else { return nil }
            var items: [Item] = []
            for _ in 0..<count {
                guard let item = try? read(&reader) else { return nil }
                items.append(item)
            }
            return reader.atEnd ? items : nil
        }
        var items: [Item] = []
        for chunk in chunks {
            guard let chunk else { throw Damaged() }
            items += chunk
        }
        return items
    }
}
