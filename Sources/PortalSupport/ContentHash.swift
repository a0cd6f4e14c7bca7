import Foundation

/// A short fingerprint of a file's bytes for cache-busting asset names (`site.3f2a9c1d.css`).
/// FNV-1a is enough here: the name only has to change when the bytes do.
public enum ContentHash {
    public static func hex(_ data: Data, length: Int = 10) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return String(String(format: "%016llx", hash).prefix(length))
    }
}
