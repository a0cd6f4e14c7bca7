import Foundation
import Testing

@testable import PortalWatch

/// Real files in a temporary folder, watched by a real watcher. Serialized: the debounce tests
/// measure time, and the machine may be small.
@Suite(.serialized)
struct FileWatcherTests {
    let site: TemporaryFolder
    let recorder = BatchRecorder()

    init() throws {
        site = try TemporaryFolder()
    }

    private func watch(
        folders: [String] = [""],
        files: [String] = [],
        debounce: Duration = .milliseconds(25),
        maximumDelay: Duration = .milliseconds(300)
    ) throws -> FileWatcher {
        let recorder = recorder
        return try FileWatcher(
            folders: folders.map { URL(fileURLWithPath: site.path($0)) },
            files: files.map { URL(fileURLWithPath: site.path($0)) },
            debounce: debounce,
            maximumDelay: maximumDelay,
            onChange: { recorder.record($0) }
        )
    }

    @Test func modifyingAFileReportsItsPathAndIsNotStructural() throws {
        defer { site.remove() }
        try site.write("page.md", "before")
        let watcher = try watch()
        defer { watcher.stop() }

        try site.write("page.md", "after")

        let batch = try #require(recorder.next())
        #expect(
            batch == ChangeBatch(paths: [site.path("page.md")], structural: false, overflow: false)
        )
    }

    @Test func atomicSaveThroughAHiddenTemporaryFileReportsTheTargetOnce() throws {
        defer { site.remove() }
        try site.write("page.md", "before")
        let watcher = try watch()
        defer { watcher.stop() }

        try site.write(".page.md.tmp", "after")
        try site.replace("page.md", with: ".page.md.tmp")

        let batch = try #require(recorder.next())
        #expect(batch.paths == [site.path("page.md")])
        #expect(batch.structural)
        #expect(recorder.all(after: .milliseconds(200)).count == 1)
    }

    @Test func vimStyleSaveWithABackupReportsOnlyTheTarget() throws {
        defer { site.remove() }
        try site.write("page.md", "before")
        let watcher = try watch()
        defer { watcher.stop() }

        try site.write("4913", "")
        try site.delete("4913")
        try site.move("page.md", to: "page.md~")
        try site.write("page.md", "after")
        try site.delete("page.md~")

        let batch = try #require(recorder.next())
        #expect(batch.paths == [site.path("page.md")])
        #expect(recorder.all(after: .milliseconds(200)).count == 1)
    }

    @Test func scratchFilesAloneMakeNoBatch() throws {
        defer { site.remove() }
        let watcher = try watch()
        defer { watcher.stop() }

        for name in [".#page.md", ".page.md.swp", ".page.md.swx", "page.md~", "draft.tmp", "4913"] {
            try site.write(name)
        }
        try site.makeFolders(".git/objects")
        try site.write(".git/objects/abc")

        #expect(recorder.all(after: .milliseconds(300)).isEmpty)
    }

    @Test func rapidWritesMakeOneBatch() throws {
        defer { site.remove() }
        try site.write("page.md")
        // A debounce longer than the writes take, even on a busy machine.
        let watcher = try watch(debounce: .milliseconds(150), maximumDelay: .seconds(3))
        defer { watcher.stop() }

        for version in 1...10 {
            try site.write("page.md", "version \(version)")
            Thread.sleep(forTimeInterval: 0.005)
        }

        let batch = try #require(recorder.next())
        #expect(batch.paths == [site.path("page.md")])
        #expect(recorder.all(after: .milliseconds(400)).count == 1)
    }

    @Test func aConstantStreamIsStillReportedWithinTheMaximumDelay() throws {
        defer { site.remove() }
        try site.write("page.md")
        let watcher = try watch(debounce: .milliseconds(100), maximumDelay: .milliseconds(150))
        defer { watcher.stop() }

        // Writes every 10 ms for 600 ms: never quiet for 100 ms.
        let start = ContinuousClock.now
        while ContinuousClock.now - start < .milliseconds(600) {
            try site.write("page.md", "\(ContinuousClock.now)")
            Thread.sleep(forTimeInterval: 0.01)
        }

        #expect(recorder.all(after: .milliseconds(300)).count >= 2)
    }

    @Test func foldersMadeAtOnceAreWatchedAndWhatTheyAlreadyHoldIsReported() throws {
        defer { site.remove() }
        let watcher = try watch()
        defer { watcher.stop() }

        try site.makeFolders("a/b")
        try site.write("a/b/c.md")

        let first = recorder.batches(covering: [site.path("a/b/c.md")])
        let firstPaths = first.reduce(into: Set<String>()) { $0.formUnion($1.paths) }
        #expect(
            firstPaths.isSuperset(of: [site.path("a"), site.path("a/b"), site.path("a/b/c.md")])
        )
        #expect(first.allSatisfy { $0.structural })

        _ = recorder.all(after: .milliseconds(100))
        try site.write("a/b/d.md")
        let later = recorder.batches(covering: [site.path("a/b/d.md")])
        #expect(later.contains { $0.paths.contains(site.path("a/b/d.md")) })
    }

    @Test func deletingAFileIsStructural() throws {
        defer { site.remove() }
        try site.write("page.md")
        let watcher = try watch()
        defer { watcher.stop() }

        try site.delete("page.md")

        let batch = try #require(recorder.next())
        #expect(batch == ChangeBatch(paths: [site.path("page.md")], structural: true))
    }

    @Test func aFolderDeletedAndMadeAgainIsWatchedAgain() throws {
        defer { site.remove() }
        try site.makeFolders("section")
        try site.write("section/page.md")
        let watcher = try watch()
        defer { watcher.stop() }

        try site.delete("section")
        let deleted = recorder.batches(covering: [site.path("section")])
        #expect(
            deleted.contains { $0.structural && $0.paths.contains(site.path("section/page.md")) }
        )

        try site.makeFolders("section")
        _ = recorder.batches(covering: [site.path("section")])
        _ = recorder.all(after: .milliseconds(100))
        try site.write("section/new.md")
        #expect(!recorder.batches(covering: [site.path("section/new.md")]).isEmpty)
    }

    @Test func aFolderMovedWithinTheTreeIsWatchedUnderItsNewName() throws {
        defer { site.remove() }
        try site.makeFolders("old/inner")
        let watcher = try watch()
        defer { watcher.stop() }

        try site.move("old", to: "new")
        let moved = recorder.batches(covering: [site.path("old"), site.path("new")])
        let movedPaths = moved.reduce(into: Set<String>()) { $0.formUnion($1.paths) }
        #expect(
            movedPaths.isSuperset(of: [site.path("old"), site.path("new"), site.path("new/inner")])
        )

        _ = recorder.all(after: .milliseconds(100))
        try site.write("new/inner/page.md")
        let batch = try #require(recorder.next())
        #expect(batch.paths == [site.path("new/inner/page.md")])
    }

    @Test func aWatchedFileIsSeenThroughItsParentAndItsSiblingsAreNot() throws {
        defer { site.remove() }
        try site.write("site.yml", "title: a")
        try site.makeFolders("content")
        let watcher = try watch(folders: [], files: ["site.yml"])
        defer { watcher.stop() }

        try site.write("notes.txt")
        try site.write("content/page.md")
        try site.write("site.yml", "title: b")
        #expect(recorder.next()?.paths == [site.path("site.yml")])

        // An atomic save of the watched file.
        try site.write(".site.yml.tmp", "title: c")
        try site.replace("site.yml", with: ".site.yml.tmp")
        #expect(recorder.next()?.paths == [site.path("site.yml")])
        #expect(recorder.all(after: .milliseconds(200)).count == 2)
    }

    @Test func aWatchedFileMissingAtStartIsReportedWhenItAppears() throws {
        defer { site.remove() }
        let watcher = try watch(folders: [], files: ["site.yml"])
        defer { watcher.stop() }

        try site.write("site.yml")

        let batch = try #require(recorder.next())
        #expect(batch == ChangeBatch(paths: [site.path("site.yml")], structural: true))
    }

    @Test func aFolderThatIsAlsoAWatchedFilesParentReportsEverything() throws {
        defer { site.remove() }
        let watcher = try watch(folders: [""], files: ["site.yml"])
        defer { watcher.stop() }

        try site.write("other.md")

        #expect(recorder.next()?.paths == [site.path("other.md")])
    }

    @Test func afterStopNothingIsDelivered() throws {
        defer { site.remove() }
        try site.write("page.md")
        let watcher = try watch()

        watcher.stop()
        watcher.stop()
        try site.write("page.md", "after")

        #expect(recorder.all(after: .milliseconds(300)).isEmpty)
    }

    @Test func stopFromInsideTheCallbackEndsDelivery() throws {
        defer { site.remove() }
        let box = WatcherBox()
        let recorder = recorder
        let watcher = try FileWatcher(folders: [site.url]) { batch in
            recorder.record(batch)
            box.watcher?.stop()
        }
        box.watcher = watcher
        try site.write("one.md")
        #expect(recorder.next() != nil)

        try site.write("two.md")
        #expect(recorder.all(after: .milliseconds(300)).count == 1)
        watcher.stop()
    }

    @Test func overflowIsReportedWhenTheKernelQueueFills() throws {
        defer { site.remove() }
        let holdFirstBatch = DispatchSemaphore(value: 0)
        let recorder = recorder
        let watcher = try FileWatcher(folders: [site.url]) { batch in
            let isFirst = recorder.count == 0
            recorder.record(batch)
            if isFirst { holdFirstBatch.wait() }  // the kernel queue fills meanwhile
        }
        defer { watcher.stop() }
        try site.write("a.md")
        try site.write("b.md")
        #expect(recorder.next() != nil)

        // Appends, alternating files: the kernel merges an event identical to the last one queued.
        let a = try #require(FileHandle(forWritingAtPath: site.path("a.md")))
        let b = try #require(FileHandle(forWritingAtPath: site.path("b.md")))
        defer {
            try? a.close()
            try? b.close()
        }
        for _ in 0...Self.kernelQueueLimit() {
            try a.write(contentsOf: Data("a".utf8))
            try b.write(contentsOf: Data("b".utf8))
        }
        holdFirstBatch.signal()

        let batch = try #require(recorder.next())
        #expect(batch.overflow)
    }

    private static func kernelQueueLimit() -> Int {
        let text = try? String(
            contentsOfFile: "/proc/sys/fs/inotify/max_queued_events",
            encoding: .utf8
        )
        return text.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 16_384
    }

    @Test func missingFolderThrows() throws {
        defer { site.remove() }
        #expect(throws: WatchError.missingFolder(site.path("nowhere"))) {
            _ = try watch(folders: ["nowhere"])
        }
    }

    @Test func missingParentOfAWatchedFileThrows() throws {
        defer { site.remove() }
        #expect(throws: WatchError.missingFolder(site.path("nowhere"))) {
            _ = try watch(folders: [], files: ["nowhere/site.yml"])
        }
    }

    @Test func aFileGivenAsAFolderThrows() throws {
        defer { site.remove() }
        try site.write("page.md")
        #expect(throws: WatchError.wrongKind(path: site.path("page.md"), expected: "folder")) {
            _ = try watch(folders: ["page.md"])
        }
    }
}

/// Lets a callback reach the watcher it belongs to.
private final class WatcherBox: @unchecked Sendable {
    var watcher: FileWatcher?
}
