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
        let paths = (0..<8).map { root.appendingPathComponent("page-\($0).md").path }
        for path in paths {
            try Data(repeating: UInt8(ascii: "x"), count: 256 << 10).write(to: URL(fileURLWithPath: path))
        }
        let evicted = paths.map(Self.evict)
        // A file system that keeps everything in memory (tmpfs) cannot show the difference.
        try #require(evicted.allSatisfy { $0 }, "the test folder's file system keeps files in memory")
        #expect(paths.allSatisfy { Self.residentFraction($0) < 0.5 })

        ReadAhead.start(paths + [root.appendingPathComponent("missing.md").path]).result
        // The advice only queues the reads; give the disk a moment.
        let deadline = Date().addingTimeInterval(5)
        while paths.contains(where: { Self.residentFraction($0) < 1 }), Date() < deadline {
            usleep(10_000)
        }
        for path in paths { #expect(Self.residentFraction(path) == 1, "\(path) is not in the page cache") }
    }

    /// Writes the file's pages to disk and asks the kernel to drop them; false when they stay.
    private static func evict(_ path: String) -> Bool {
        let file = open(path, O_RDONLY)
        guard file >= 0 else { return false }
        defer { close(file) }
        fdatasync(file)
        _ = posix_fadvise(file, 0, 0, Int32(POSIX_FADV_DONTNEED))
        return residentFraction(path) < 0.5
    }

    /// The share of the file's pages that are in the page cache.
    private static func residentFraction(_ path: String) -> Double {
        let file = open(path, O_RDONLY)
        guard file >= 0 else { return 0 }
        defer { close(file) }
        var info = stat()
        guard fstat(file, &info) == 0, info.st_size > 0 else { return 0 }
        let length = Int(info.st_size)
        guard let mapped = mmap(nil, length, PROT_READ, MAP_SHARED, file, 0), mapped != MAP_FAILED else { return 0 }
        defer { munmap(mapped, length) }
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        var pages = [UInt8](repeating: 0, count: (length + pageSize - 1) / pageSize)
        guard mincore(mapped, length, &pages) == 0 else { return 0 }
        return Double(pages.count { $0 & 1 == 1 }) / Double(pages.count)
    }
}
