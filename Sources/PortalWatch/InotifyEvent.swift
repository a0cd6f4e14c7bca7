/// One record read from an inotify descriptor.
struct InotifyEvent: Equatable {
    /// Watch descriptor the event belongs to (-1 for a queue overflow).
    var descriptor: Int32
    var mask: UInt32
    /// Pairs a MOVED_FROM with its MOVED_TO.
    var cookie: UInt32
    /// The entry inside the watched folder; empty for events about the folder itself.
    var name: String

    /// The fixed part of `struct inotify_event`: wd, mask, cookie, len; the name follows.
    static let headerSize = 16

    /// Splits what one `read()` returned into events. Each record is a 16-byte header then `len`
    /// bytes of name, NUL-terminated and padded with NULs. The kernel never splits a record
    /// across reads, so a short tail means corrupt input and is dropped.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> [InotifyEvent] {
        var events: [InotifyEvent] = []
        var offset = 0
        while bytes.count - offset >= headerSize {
            let descriptor = bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)
            let mask = bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
            let cookie = bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self)
            let length = Int(bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
            let nameStart = offset + headerSize
            guard length <= bytes.count - nameStart else { break }
            let nameBytes = bytes[nameStart..<nameStart + length]
            let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
            events.append(
                InotifyEvent(descriptor: descriptor, mask: mask, cookie: cookie, name: name)
            )
            offset = nameStart + length
        }
        return events
    }
}
