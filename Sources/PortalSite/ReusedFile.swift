import Foundation

/// A file already in the reused staging folder (the site before last), compared with what this
/// build writes there. An unchanged file is not rewritten; its time is settled so that sync tools
/// see a change exactly when the bytes differ from the site last published.
enum ReusedFile {
    enum State {
        /// Holds exactly these bytes.
        case same(stat)
        /// A regular file with other bytes, safe to overwrite in place.
        case different
        /// Must be removed, not written through: a symbolic link (it may lead out of the site),
        /// a file with other hard links (a backup made with `cp -al` or `rsync --link-dest` keeps
        /// its bytes), or something that is neither file nor folder (a FIFO would block).
        case replace
    }

    static func state(of file: String, comparedWith data: Data) -> State {
        // O_NONBLOCK: opening a FIFO for reading must not wait for a writer.
        let descriptor = open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else { return errno == ELOOP ? .replace : .different }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .different }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .different  // the writer replaces a folder where a file goes
        default: return .replace
        }
        let otherwise: State = status.st_nlink > 1 ? .replace : .different
        guard Int(status.st_size) == data.count else { return otherwise }
        guard data.count > 0 else { return .same(status) }
        guard let buffer = malloc(data.count) else { return otherwise }
        defer { free(buffer) }
        var offset = 0
        while offset < data.count {
            let count = read(descriptor, buffer + offset, data.count - offset)
            if count <= 0 { return otherwise }
            offset += count
        }
        let equal = data.withUnsafeBytes { memcmp($0.baseAddress!, buffer, data.count) == 0 }
        return equal ? .same(status) : otherwise
    }

    /// A file just written: when the published copy holds the same bytes, it takes that copy's
    /// time, so sync tools do not send it again.
    static func adoptPublishedTime(_ descriptor: Int32, published: String, data: Data) {
        guard case .same(let publishedStatus) = state(of: published, comparedWith: data) else { return }
        var times = [timespec(tv_sec: 0, tv_nsec: utimeOmit), publishedStatus.st_mtim]
        futimens(descriptor, &times)
    }

    // <sys/stat.h>'s UTIME_NOW and UTIME_OMIT, macros Swift does not import.
    private static let utimeNow = (1 << 30) - 1
    private static let utimeOmit = (1 << 30) - 2

    /// Gives an unchanged file the time of the published copy when that holds the same bytes (so
    /// `rsync -a` and `aws s3 sync` skip it), else the current time: the reused folder is the
    /// site before last, and a page that changed and then changed back must not look older than
    /// what was published in between. False when the time cannot be set without touching
    /// another name of the same file (hard links): then the file is written anew.
    static func settleTime(_ file: String, status: stat, published: String, data: Data) -> Bool {
        var wanted: timespec?
        if case .same(let publishedStatus) = state(of: published, comparedWith: data) {
            wanted = publishedStatus.st_mtim
        }
        if let wanted, wanted.tv_sec == status.st_mtim.tv_sec, wanted.tv_nsec == status.st_mtim.tv_nsec { return true }
        if status.st_nlink > 1 { return false }
        var times = [timespec(tv_sec: 0, tv_nsec: utimeOmit), wanted ?? timespec(tv_sec: 0, tv_nsec: utimeNow)]
        return utimensat(AT_FDCWD, file, &times, AT_SYMLINK_NOFOLLOW) == 0
    }
}
