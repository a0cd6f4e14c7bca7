import Foundation
import PortalSupport
import Testing

@Suite struct ReadAheadTests {
    /// Files dropped from the page cache are back in it after the advice, before anyone reads
    /// them: what a build on a machine that has not read its content lately relies on. Checked
    /// with `mincore`, page by page; a missing file is passed over.
    @Test func advisedFilesComeBackIntoThePageCacheUnread() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("readahead-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        // Two and a half runs; the first stays cached, as on a site partly in memory.
        let paths = (0..<40).map { root.appendingPathComponent("page-\($0).md").path }
        for path in paths {
            try Data(repeating: UInt8(ascii: "x"), count: 64 << 10).write(to: URL(fileURLWithPath: path))
        }
        let evicted = paths[ReadAhead.run...].map(Self.evict)
        // A file system that keeps everything in memory (tmpfs) cannot show the difference.
        try #require(evicted.allSatisfy { $0 }, "the test folder's file system keeps files in memory")

        ReadAhead.start(paths + [root.appendingPathComponent("missing.md").path]).result
        // The advice only queues the reads; give the disk a moment.
        let deadline = Date().addingTimeInterval(5)
        while paths.contains(where: { ReadAhead.cachedShare(of: $0) < 1 }), Date() < deadline {
            usleep(10_000)
        }
        for path in paths { #expect(ReadAhead.cachedShare(of: path) == 1, "\(path) is not in the page cache") }
    }

    /// Writes the file's pages to disk and asks the kernel to drop them; false when they stay.
    private static func evict(_ path: String) -> Bool {
        let file = open(path, O_RDONLY)
        guard file >= 0 else { return false }
        defer { close(file) }
        fdatasync(file)
        _ = posix_fadvise(file, 0, 0, Int32(POSIX_FADV_DONTNEED))
        return ReadAhead.cachedShare(of: path) < 0.5
    }
}
