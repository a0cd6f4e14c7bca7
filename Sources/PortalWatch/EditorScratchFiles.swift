/// Names that editors write beside the file being edited and that never are content. Folders with
/// such names (e.g. `.git`) are neither reported nor watched.
enum EditorScratchFiles {
    /// Backups (`page.md~`), vim swap files (`.page.md.swp`, `.swx`), temporary files of an
    /// atomic save (`page.md.tmp`).
    private static let suffixes = ["~", ".swp", ".swx", ".tmp"]

    static func isScratch(_ name: String) -> Bool {
        // Hidden files cover Emacs locks (`.#page.md`); 4913 is vim's write-permission probe.
        name.hasPrefix(".") || name == "4913" || suffixes.contains { name.hasSuffix($0) }
    }
}
