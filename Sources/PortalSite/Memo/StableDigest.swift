import Crypto
import Foundation
import PortalYAML

/// A SHA-256 that is the same in every run (Swift's `Hasher` is seeded per process), for what
/// `BuildMemo` compares across builds. Each part is written with its length, so that two lists
/// of parts differ whenever the parts do.
struct StableDigest {
    private var hasher = SHA256()

    mutating func add(_ text: String) {
        add(text.utf8.count)
        var text = text
        text.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
    }

    mutating func add(_ number: Int) {
        withUnsafeBytes(of: Int64(number).littleEndian) { hasher.update(bufferPointer: $0) }
    }

    mutating func add(bytes: Data) {
        add(bytes.count)
        hasher.update(data: bytes)
    }

    mutating func add(_ node: YAMLNode?) {
        guard let node else { return add("~none") }
        add(node.line)
        add(node.column)
        switch node.value {
        case .scalar(let text, let tag):
            add("s")
            add(tag)
            add(text)
        case .sequence(let items):
            add("q")
            add(items.count)
            for item in items { add(item) }
        case .mapping(let pairs):
            add("m")
            add(pairs.count)
            for pair in pairs {
                add(pair.key)
                add(pair.value)
            }
        }
    }

    var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(SHA256.byteCount * 2)
        for byte in hasher.finalize() {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    static func of(_ text: String) -> String {
        var digest = StableDigest()
        digest.add(text)
        return digest.hex
    }
}
