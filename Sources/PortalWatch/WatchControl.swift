import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Stops the watcher thread and waits for it: owns the descriptors the thread polls (the inotify
/// descriptor and a self-pipe that `stop()` writes to, to wake `poll()`), and closes them once the
/// thread has finished, so no write can reach a descriptor number the process reused.
final class WatchControl: @unchecked Sendable {
    // Every mutable field is guarded by `condition`.
    private let condition = NSCondition()
    private var stopping = false
    private var finished = false
    private var watcherThread: pthread_t?
    private var descriptors: [Int32]

    let inotify: Int32
    let wakeReader: Int32
    private let wakeWriter: Int32

    init(inotify: Int32) throws(WatchError) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            let code = errno
            close(inotify)
            throw .system(call: "pipe", path: nil, errno: code)
        }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
        }
        self.inotify = inotify
        wakeReader = ends[0]
        wakeWriter = ends[1]
        descriptors = [inotify, ends[0], ends[1]]
    }

    /// A watcher whose setup failed never started its thread, so never reaches `finish()`.
    deinit {
        for descriptor in descriptors { close(descriptor) }
    }

    var isStopping: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopping
    }

    /// Called first thing on the watcher thread, so that `stop()` from inside `onChange` knows not
    /// to wait for itself.
    func enterWatcherThread() {
        condition.lock()
        watcherThread = pthread_self()
        condition.unlock()
    }

    /// Asks the thread to stop and waits until it has, unless called from the thread itself
    /// (from `onChange`), which then returns to a loop that delivers nothing more.
    func stop() {
        condition.lock()
        defer { condition.unlock() }
        if !stopping && !finished {
            stopping = true
            var byte: UInt8 = 1
            _ = write(wakeWriter, &byte, 1)
        }
        if let watcherThread, pthread_equal(watcherThread, pthread_self()) != 0 { return }
        while !finished { condition.wait() }
    }

    /// The last thing the watcher thread does.
    func finish() {
        condition.lock()
        finished = true
        for descriptor in descriptors { close(descriptor) }
        descriptors = []
        condition.broadcast()
        condition.unlock()
    }
}
