import Foundation
import PortalWatch

#if canImport(Glibc)
import Glibc
#endif

/// A fresh folder under the system's temporary folder, removed by `remove()`.
struct TemporaryFolder {
    let path: String

    init() throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("PortalWatchTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        // Standardized as the watcher reports paths.
        path = url.standardizedFileURL.path
    }

    var url: URL { URL(fileURLWithPath: path) }

    func path(_ relative: String) -> String { path + "/" + relative }

    /// Writes in place (open, truncate, write, close), as a plain editor save does.
    func write(_ relative: String, _ text: String = "text") throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(relative)))
    }

    func makeFolders(_ relative: String) throws {
        try FileManager.default.createDirectory(
            atPath: path(relative),
            withIntermediateDirectories: true
        )
    }

    func move(_ from: String, to: String) throws {
        try FileManager.default.moveItem(atPath: path(from), toPath: path(to))
    }

    /// Renames over an existing file, as an editor's atomic save does (`moveItem` refuses to).
    func replace(_ relative: String, with from: String) throws {
        guard rename(path(from), path(relative)) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path(relative)])
        }
    }

    func delete(_ relative: String) throws {
        try FileManager.default.removeItem(atPath: path(relative))
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Collects the batches a watcher delivers, on its thread, for the test to wait on.
final class BatchRecorder: @unchecked Sendable {
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var batches: [ChangeBatch] = []
    private var taken = 0

    func record(_ batch: ChangeBatch) {
        condition.lock()
        batches.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return batches.count
    }

    /// The next batch not yet returned, or nil after `timeout`.
    func next(within timeout: Duration = .seconds(5)) -> ChangeBatch? {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(timeout.seconds)
        while taken == batches.count {
            if !condition.wait(until: deadline) { return nil }
        }
        taken += 1
        return batches[taken - 1]
    }

    /// Batches until their paths include every one of `paths` (a folder made at once may be
    /// reported across two batches, depending on timing), or what came before `timeout`.
    func batches(
        covering paths: Set<String>,
        within timeout: Duration = .seconds(5)
    )
        -> [ChangeBatch]
    {
        let deadline = ContinuousClock.now + timeout
        var seen: [ChangeBatch] = []
        while !paths.isSubset(of: seen.reduce(into: Set<String>()) { $0.formUnion($1.paths) }) {
            let left = deadline - ContinuousClock.now
            guard left > .zero, let batch = next(within: left) else { break }
            seen.append(batch)
        }
        return seen
    }

    /// Every batch delivered so far, after waiting `quiet` for stragglers.
    func all(after quiet: Duration) -> [ChangeBatch] {
        Thread.sleep(forTimeInterval: quiet.seconds)
        condition.lock()
        defer { condition.unlock() }
        return batches
    }
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
