import Foundation

/// A regular file's device, inode, size and modification time: while they are the same, so are
/// its bytes (git's index trusts a file's stat the same way). Hard links share one stamp.
public enum FileStamp {
    public static func of(_ path: String) -> String? {
        var status = stat()
        guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        return "\(status.st_dev) \(status.st_ino) \(status.st_size) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
    }
}
