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
    private var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var atEnd: Bool { offset == bytes.count }

    public mutating func int() throws(Damaged) -> Int {
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
    public mutating func count() throws(Damaged) -> Int {
        let count = try int()
        guard count >= 0, count <= bytes.count - offset else { throw Damaged() }
        return count
    }

    public mutating func bool() throws(Damaged) -> Bool {
        guard offset < bytes.count, bytes[offset] <= 1 else { throw Damaged() }
        offset += 1
        return bytes[offset - 1] == 1
    }

    public mutating func string() throws(Damaged) -> String {
        let length = try count()
        defer { offset += length }
        return String(decoding: bytes[offset..<(offset + length)], as: UTF8.self)
    }

    public mutating func block() throws(Damaged) -> [UInt8] {
        let length = try count()
        defer { offset += length }
        return Array(bytes[offset..<(offset + length)])
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
    /// Items in chunks of `size`, each a block that `BinaryReader.chunked` decodes on its own core;
    /// `flush` runs after each chunk (a large cache goes to its file in pieces).
    public mutating func chunked<Items: Collection>(
        _ items: Items,
        size: Int,
        _ write: (Items.Element, inout BinaryWriter) -> Void,
        flush: (inout BinaryWriter) -> Void = { _ in }
    ) {
        let starts = Array(stride(from: 0, to: items.count, by: max(size, 1)))
        int(starts.count)
        var rest = items[...]
        for _ in starts {
            let chunk = rest.prefix(size)
            rest = rest.dropFirst(size)
            var part = BinaryWriter()
            part.int(chunk.count)
            for item in chunk { write(item, &part) }
            block(part.drain())
            flush(&self)
        }
    }
}

extension BinaryReader {
    /// What `BinaryWriter.chunked` wrote, every chunk decoded on some core, in the order written.
    public mutating func chunked<Item: Sendable>(
        _ read: @escaping @Sendable (inout BinaryReader) throws(Damaged) -> Item
    ) throws(Damaged) -> [Item] {
        var blocks: [[UInt8]] = []
        for _ in 0..<(try count()) { blocks.append(try block()) }
        let chunks = blocks.parallelMap { block -> [Item]? in
            var reader = BinaryReader(block)
            var items: [Item] = []
            guard let count = try? reader.count() else { return nil }
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
