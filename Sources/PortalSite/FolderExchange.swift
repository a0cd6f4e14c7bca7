import Foundation

/// Swaps two paths in one step, so that a web server serving one of them never finds it missing:
/// Linux's `renameat2` with `RENAME_EXCHANGE` (since 3.15; ext4, xfs, btrfs, tmpfs and more).
enum FolderExchange {
    /// Whether the two paths were exchanged. False, with `errno` set, when they were not: another
    /// system, a C library without `renameat2`, a file system without the flag (EINVAL), or any
    /// other error; both paths are then as they were.
    static func exchange(_ first: String, _ second: String) -> Bool {
        guard let renameat2 = Self.renameat2 else {
            errno = ENOSYS
            return false
        }
        return renameat2(AT_FDCWD, first, AT_FDCWD, second, exchangeFlag) == 0
    }

    private typealias RenameAt2 =
        @convention(c) (
            Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UInt32
        ) -> Int32

    /// `RENAME_EXCHANGE` from <linux/fs.h>.
    private static let exchangeFlag: UInt32 = 1 << 1

    /// Looked up at run time: Swift's Glibc module leaves out `renameat2` (it is a GNU extension)
    /// and cannot call the variadic `syscall`; glibc has had it since 2.28.
    private static let renameat2: RenameAt2? = {
        #if os(Linux)
        // A nil handle is RTLD_DEFAULT: the C library the process already has.
        guard let symbol = dlsym(nil, "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
        #else
        return nil
        #endif
    }()
}
