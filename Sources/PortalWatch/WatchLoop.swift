#if canImport(Glibc)
import Foundation
import Glibc

/// The watcher thread's work: wait in `poll()` for inotify events or the stop signal, turn
/// events into a pending batch, and deliver it when `BatchTimer` says it is due.
///
/// Built on the caller's thread (so setup errors throw from `FileWatcher.init`), then used only
/// by the watcher thread: hence `@unchecked Sendable` with no lock.
final class WatchLoop: @unchecked Sendable {
    let control: WatchControl
    private var folders: WatchedFolders
    private var timer: BatchTimer
    private var pending = ChangeBatch()
    private let trees: [String]
    private let files: [(parent: String, name: String)]
    private let onChange: @Sendable (ChangeBatch) -> Void

    init(
        trees: [String],
        files: [(parent: String, name: String)],
        timer: BatchTimer,
        onChange: @escaping @Sendable (ChangeBatch) -> Void
    ) throws(WatchError) {
        let inotify = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard inotify >= 0 else {
            throw .system(call: "inotify_init1", path: nil, errno: errno)
        }
        control = try WatchControl(inotify: inotify)
        folders = WatchedFolders(inotify: inotify)
        self.trees = trees
        self.files = files
        self.timer = timer
        self.onChange = onChange
        for tree in trees { try folders.watchTree(at: tree, isRoot: true) }
        for file in files { try folders.watchEntry(file.name, in: file.parent) }
    }

    func run() {
        control.enterWatcherThread()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 8)
        defer {
            buffer.deallocate()
            control.finish()
        }
        while !control.isStopping {
            var descriptors = [
                pollfd(fd: control.inotify, events: Int16(POLLIN), revents: 0),
                pollfd(fd: control.wakeReader, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&descriptors, 2, timer.pollTimeout(now: .now))
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            if descriptors[1].revents != 0 { return }
            if descriptors[0].revents != 0 { readEvents(into: buffer) }
            if let deadline = timer.deadline, deadline <= .now { deliver() }
        }
    }

    /// Reads until the non-blocking descriptor is drained.
    private func readEvents(into buffer: UnsafeMutableRawBufferPointer) {
        while true {
            let count = read(control.inotify, buffer.baseAddress, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            let now = ContinuousClock.now
            let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            for event in InotifyEvent.parse(bytes) { apply(event, at: now) }
        }
    }

    private func apply(_ event: InotifyEvent, at now: ContinuousClock.Instant) {
        timer.noteActivity(at: now)
        if event.has(IN_Q_OVERFLOW) {
            pending.overflow = true
            timer.noteChange(at: now)
            rewatchEverything()
            return
        }
        if event.has(IN_IGNORED) {
            folders.forget(descriptor: event.descriptor)
            return
        }
        // Events queued before a watch was dropped still arrive: nothing to say about them.
        guard let folder = folders.folder(for: event.descriptor) else { return }

        if event.name.isEmpty {
            // A watched folder itself went away; its parent (if watched) says so too.
            if event.has(IN_DELETE_SELF) || event.has(IN_MOVE_SELF) {
                record(folder.path, structural: true, at: now)
                folders.forgetTree(at: folder.path)
            }
            return
        }
        if EditorScratchFiles.isScratch(event.name) { return }
        if let names = folder.onlyNames, !names.contains(event.name) { return }

        let path = joinPath(folder.path, event.name)
        let appeared = event.has(IN_CREATE) || event.has(IN_MOVED_TO)
        let vanished = event.has(IN_DELETE) || event.has(IN_MOVED_FROM)
        record(path, structural: appeared || vanished, at: now)

        guard event.has(IN_ISDIR), folder.isTree else { return }
        if vanished {
            folders.forgetTree(at: path)
        } else if appeared {
            // A folder moved within the tree was dropped at MOVED_FROM: watch it afresh here.
            let found = (try? folders.watchTree(at: path)) ?? []
            for entry in found { record(entry, structural: true, at: now) }
        }
    }

    private func record(_ path: String, structural: Bool, at now: ContinuousClock.Instant) {
        pending.paths.insert(path)
        if structural { pending.structural = true }
        timer.noteChange(at: now)
    }

    /// After lost events the watches may miss new folders: walk every root again. Adding a
    /// watch that exists is harmless (the kernel hands back the same descriptor).
    private func rewatchEverything() {
        for tree in trees { _ = try? folders.watchTree(at: tree, isRoot: true) }
        for file in files { try? folders.watchEntry(file.name, in: file.parent) }
    }

    private func deliver() {
        let batch = pending
        pending = ChangeBatch()
        timer.reset()
        guard !batch.isEmpty, !control.isStopping else { return }
        onChange(batch)
    }
}

extension InotifyEvent {
    func has(_ flag: Int32) -> Bool { mask & UInt32(bitPattern: flag) != 0 }
}
#endif
