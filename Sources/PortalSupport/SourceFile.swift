import Foundation

/// A file read whole with plain POSIX calls (Foundation's reads cost more), with the `stat` of
/// the very descriptor read: its `FileStamp` then describes these bytes, not a later save.
public enum SourceFile {
    public struct Read: Sendable {
        public var bytes: [UInt8]
        public var status: stat
        /// Nil for what is not a regular file.
        public var stamp: String? { FileStamp.of(status) }
    }

    /// The bytes up to the size the file had when opened; nil when it cannot be opened.
    public static func read(_ path: String) -> Read? {
        // O_NONBLOCK: a FIFO where a file should be must not wait for a writer.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        // Uninitialised: zero-filling every page before reading it over costs as much as the read.
        let bytes = [UInt8](unsafeUninitializedCapacity: max(Int(status.st_size), 0)) { buffer, count in
            count = 0
            guard let start = buffer.baseAddress else { return }
            while count < buffer.count {
                let read = Glibc.read(descriptor, start + count, buffer.count - count)
                if read < 0 && errno == EINTR { continue }
                if read <= 0 { break }
                count += read
            }
        }
        return Read(bytes: bytes, status: status)
    }

    /// The stamp and modification time (seconds since 1970) of the file at `path`, links
    /// followed (as `read` sees it).
    public static func look(_ path: String) -> (stamp: String, modified: Double)? {
        var status = stat()
        guard stat(path, &status) == 0, let stamp = FileStamp.of(status) else { return nil }
        return (stamp, Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1_000_000_000)
    }

    /// The text after the first `lines` lines of a Markdown file: its body, for one whose front
    /// matter ends on that line (`PageReader`). Nil when the file cannot be read.
    public static func text(_ path: String, after lines: Int) -> String? {
        guard let bytes = read(path)?.bytes else { return nil }
        var start = 0
        for _ in 0..<lines {
            // A file that ends on its front matter's last line has an empty body.
            guard let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) else { return "" }
            start = newline + 1
        }
        return String(decoding: bytes[start...], as: UTF8.self)
    }
}
