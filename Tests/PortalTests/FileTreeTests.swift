import Foundation
import PortalSupport
import Testing

@Suite struct FileTreeTests {
    /// Sorted relative paths of regular files; hidden entries, symbolic links and linked folders
    /// are left out (a link could lead outside the site or round in a circle) unless asked for.
    @Test func listsRegularFilesSortedAndSkipsHiddenAndLinkedOnes() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("filetree-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let manager = FileManager.default
        for folder in ["b/c", ".hidden", "a"] {
            try manager.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        for file in ["b/c/z.md", "b/a.md", "a/_index.md", "top.yml", ".hidden/x.md", "b/.draft.md"] {
            try Data("x".utf8).write(to: root.appendingPathComponent(file))
        }
        try manager.createSymbolicLink(
            atPath: root.appendingPathComponent("b/link.md").path,
            withDestinationPath: "a.md"
        )
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("linked").path, withDestinationPath: "b")
        #expect(FileTree.files(under: root) == ["a/_index.md", "b/a.md", "b/c/z.md", "top.yml"])
        #expect(FileTree.files(under: root.appendingPathComponent("missing")).isEmpty)
        // The checker reads a built site as a web server would serve it: links followed.
        #expect(
            FileTree.files(under: root, followingLinks: true) == [
                "a/_index.md", "b/a.md", "b/c/z.md", "b/link.md", "linked/a.md", "linked/c/z.md", "linked/link.md",
                "top.yml",
            ]
        )
    }
}
