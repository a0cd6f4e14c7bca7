import Foundation

/// A regular file's device, inode, size, modification and change times: while they are the
/// same, so are its bytes (git's index trusts a file's stat the same way). The change time
/// cannot be set back by a tool that keeps the modification time; it also moves when a name is
/// linked to or unlinked from the file, which only costs one more read of it.
public enum FileStamp {
    public static func of(_ path: String) -> String? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        return of(status)
    }

    /// The stamp of a file already looked at (`fstat` of the file being read).
    public static func of(_ status: stat) -> String? {
        guard (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        let modified = "\(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
        let changed = "\(status.st_ctim.tv_sec).\(status.st_ctim.tv_nsec)"
        return "\(status.st_dev) \(status.st_ino) \(status.st_size) \(modified) \(changed)"
    }
}
