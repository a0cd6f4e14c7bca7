import Foundation

/// The running executable's file (device, inode, size, time). A cache made by another `portal`
/// (rebuilt or upgraded, with other rules or another renderer) is not trusted.
public enum ExecutableIdentity {
    public static let current: String? = {
        let candidates = ["/proc/self/exe", Bundle.main.executablePath].compactMap { $0 }
        for path in candidates {
            var info = stat()
            if stat(path, &info) == 0 {
                return "\(info.st_dev) \(info.st_ino) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
            }
        }
        return nil
    }()
}
