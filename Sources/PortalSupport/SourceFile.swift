import Foundation

/// A source file read whole with its `FileStamp` taken from the very descriptor read (not from
/// a second look by name, which a save in between would make disagree with the bytes).
public enum SourceFile {
    public struct Read: Sendable {
        public var bytes: Data
        public var stamp: String
        /// When the file was last modified, in seconds since 1970.
        public var modified: Double
    }

    public static func read(_ path: String) -> Read? {
        // O_NONBLOCK: a FIFO where a page should be must not wait for a writer (it is refused below).
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, let stamp = FileStamp.of(status) else { return nil }
        // Read to the end, not to the size looked at: a file may grow while it is read.
        var bytes = Data(count: max(Int(status.st_size), 0) + 1)
        var filled = 0
        while true {
            if filled == bytes.count { bytes.count *= 2 }
            let count = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { break }
            filled += count
        }
        bytes.count = filled
        return Read(bytes: bytes, stamp: stamp, modified: seconds(status.st_mtim))
    }

    /// The stamp and modification time of the file at `path`, links followed (as `read` sees it).
    public static func look(_ path: String) -> (stamp: String, modified: Double)? {
        var status = stat()
        guard stat(path, &status) == 0, let stamp = FileStamp.of(status) else { return nil }
        return (stamp, seconds(status.st_mtim))
    }

    /// The text after the first `lines` lines of a Markdown file: its body, for one whose front
    /// matter ends on that line (`PageReader`). Nil when the file cannot be read.
    public static func text(_ path: String, after lines: Int) -> String? {
        guard let read = read(path) else { return nil }
        return read.bytes.withUnsafeBytes { buffer -> String in
            var start = 0
            var seen = 0
            while seen < lines {
                // A file that ends on its front matter's last line has an empty body.
                guard let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) else { return "" }
                start = newline + 1
                seen += 1
            }
            return String(decoding: buffer[start...], as: UTF8.self)
        }
    }

    private static func seconds(_ time: timespec) -> Double {
        Double(time.tv_sec) + Double(time.tv_nsec) / 1_000_000_000
    }
}
