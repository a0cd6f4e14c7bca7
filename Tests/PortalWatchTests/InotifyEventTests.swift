import Testing

@testable import PortalWatch

struct InotifyEventTests {
    /// One record as the kernel writes it: header, then the name padded with NULs to `length`.
    private func record(
        _ descriptor: Int32,
        _ mask: UInt32,
        cookie: UInt32 = 0,
        name: String,
        length: Int
    )
        -> [UInt8]
    {
        var bytes: [UInt8] = []
        for value in [UInt32(bitPattern: descriptor), mask, cookie, UInt32(length)] {
            withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
        }
        let nameBytes = Array(name.utf8)
        return bytes + nameBytes + Array(repeating: 0, count: length - nameBytes.count)
    }

    @Test func parsesPaddedNamesAndNamelessRecordsInOrder() {
        let bytes =
            record(1, 0x100, name: "page.md", length: 16) + record(2, 0x400, name: "", length: 0)
            + record(1, 0x80, cookie: 7, name: "é.md", length: 32)
        let events = bytes.withUnsafeBytes { InotifyEvent.parse($0) }
        #expect(
            events == [
                InotifyEvent(descriptor: 1, mask: 0x100, cookie: 0, name: "page.md"),
                InotifyEvent(descriptor: 2, mask: 0x400, cookie: 0, name: ""),
                InotifyEvent(descriptor: 1, mask: 0x80, cookie: 7, name: "é.md"),
            ]
        )
    }

    @Test func dropsATruncatedTail() {
        let bytes =
            record(1, 0x2, name: "a.md", length: 16)
            + Array(record(1, 0x2, name: "b.md", length: 16).prefix(20))
        let events = bytes.withUnsafeBytes { InotifyEvent.parse($0) }
        #expect(events.map(\.name) == ["a.md"])
    }
}
