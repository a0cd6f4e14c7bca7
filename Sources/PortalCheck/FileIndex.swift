import Foundation

/// The built files, looked up by the bytes of a path: every link of the site is looked up, and a
/// `Set<String>` needs a new String and a SipHash for each. Open addressing on an FNV-1a hash;
/// the stored hash is compared before the bytes.
struct FileIndex: Sendable {
    private let paths: [String]
    private let strings: Set<String>
    private let bytes: [UInt8]
    /// Where each path's bytes start in `bytes` (one more entry marks the end).
    private let starts: [Int]
    private let hashes: [UInt64]
    /// Index + 1 into `paths`; 0 is an empty slot.
    private let slots: [Int32]
    private let mask: Int

    init<Paths: Collection<String>>(_ files: Paths) {
        paths = Array(files)
        strings = Set(paths)
        var bytes: [UInt8] = []
        var starts: [Int] = []
        for path in paths {
            starts.append(bytes.count)
            bytes += path.utf8
        }
        starts.append(bytes.count)
        var capacity = 16
        while capacity < paths.count * 2 { capacity *= 2 }
        var slots = [Int32](repeating: 0, count: capacity)
        let hashes = paths.map { Self.hash($0.utf8) }
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Int32(index + 1)
        }
        self.bytes = bytes
        self.starts = starts
        self.hashes = hashes
        self.slots = slots
        mask = capacity - 1
    }

    /// The stored path with these bytes (no new String), or nil.
    func path(_ key: UnsafeBufferPointer<UInt8>) -> String? {
        let hash = Self.hash(key)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            let index = Int(slots[slot]) - 1
            if hashes[index] == hash, matches(index, key) { return paths[index] }
            slot = (slot + 1) & mask
        }
        // Strings are equal when canonically equivalent (a composed or decomposed "é"), bytes are
        // not: a non-ASCII path that matched no bytes is looked up as a String, as before.
        guard key.contains(where: { $0 >= 0x80 }) else { return nil }
        return strings.firstIndex(of: String(decoding: key, as: UTF8.self)).map { strings[$0] }
    }

    private func matches(_ index: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[index]
        guard starts[index + 1] - start == key.count else { return false }
        return bytes.withUnsafeBufferPointer { all in
            guard let base = all.baseAddress, let other = key.baseAddress else { return key.isEmpty }
            return memcmp(base + start, other, key.count) == 0
        }
    }

    func path(_ key: [UInt8]) -> String? {
        key.withUnsafeBufferPointer { path($0) }
    }

    private static func hash<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        // FNV's low bits see only the bytes' low bits: fold the high half in for the slot.
        return hash ^ (hash >> 32)
    }
}
