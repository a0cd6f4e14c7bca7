/// Why a `FileWatcher` could not start.
public enum WatchError: Error, Equatable, CustomStringConvertible {
    /// A folder to watch (or the folder holding a file to watch) does not exist.
    case missingFolder(String)
    /// A path given as a folder is a file, or one given as a file is a folder.
    case wrongKind(path: String, expected: String)
    /// A system call failed; `errno` says why.
    case system(call: String, path: String?, errno: Int32)
    /// Only Linux (inotify) is supported.
    case unsupportedPlatform

    public var description: String {
        switch self {
        case .missingFolder(let path):
            return "cannot watch \(path): no such folder"
        case .wrongKind(let path, let expected):
            return "cannot watch \(path): expected a \(expected)"
        case .system(let call, let path, let errno):
            let target = path.map { " \($0)" } ?? ""
            return "\(call)\(target) failed: \(systemMessage(errno)) (errno \(errno))"
        case .unsupportedPlatform:
            return "watching files needs Linux inotify"
        }
    }
}

#if canImport(Glibc)
import Glibc

private func systemMessage(_ code: Int32) -> String { String(cString: strerror(code)) }
#else
private func systemMessage(_ code: Int32) -> String { "error \(code)" }
#endif
