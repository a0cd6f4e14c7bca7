import Foundation
import PortalContent
import PortalSupport
import Testing

/// A Markdown file the last build read is left unread only while it is provably the same
/// (`ReadStamps`), and its body is then read back exactly as the build would have split it.
@Suite struct ReadStampsTests {
    @Test func aFileIsTrustedOnlyWhenItsStampHoldsAndItWasSavedWellBeforeTheRead() {
        let stamps = ReadStamps(sources: ["a.md": .init(stamp: "s1", bodyLineOffset: 4)], readStarted: 1_000)
        #expect(stamps.unchanged("a.md", stamp: "s1", modified: 998.5)?.bodyLineOffset == 4)
        // Saved less than a second before the read: a second save in the same clock step
        // would have kept the stamp, so the file is read again.
        #expect(stamps.unchanged("a.md", stamp: "s1", modified: 999.5) == nil)
        #expect(stamps.unchanged("a.md", stamp: "s2", modified: 900) == nil)
        #expect(stamps.unchanged("b.md", stamp: "s1", modified: 900) == nil)
    }

    @Test func theBodyIsWhatFollowsTheFrontMatter() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("read-stamps-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func body(_ text: String, after lines: Int) throws -> String? {
            let file = folder.appendingPathComponent("page.md")
            try Data(text.utf8).write(to: file)
            return SourceFile.text(file.path, after: lines)
        }
        #expect(try body("---\ntitle: A\n---\nBody\nline\n", after: 3) == "Body\nline\n")
        #expect(try body("---\r\ntitle: Á\r\n---\r\nCuerpo\r\n", after: 3) == "Cuerpo\r\n")
        #expect(try body("\u{FEFF}---\ntitle: A\n---\n\n# Heading\n", after: 3) == "\n# Heading\n")
        #expect(try body("---\ntitle: A\n---", after: 3) == "", "no line after the front matter")
        #expect(try body("---\ntitle: A\n---\n", after: 3) == "")
    }

    /// A page whose body the build left unread reads it when asked, and says so when the file
    /// is gone (the build then reports the file as unreadable rather than rendering nothing).
    @Test func anUnreadBodyIsReadWhenNeeded() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("unread-\(getpid()).md")
        try Data("---\ntitle: A\n---\nThe body.\n".utf8).write(to: file)
        var page = Page(
            index: 0,
            sourcePath: "a.md",
            displayPath: "content/a.md",
            directory: "",
            baseName: "a",
            language: "en",
            kind: .page,
            frontMatter: FrontMatter(),
            body: "",
            bodyLineOffset: 3
        )
        page.bodyFile = file.path
        #expect(page.markdown == "The body.\n")
        try FileManager.default.removeItem(at: file)
        #expect(page.markdown == nil)
        page.bodyFile = nil
        #expect(page.markdown == "", "a body read at load is the page's own")
    }

    @Test func aFileReadCarriesTheStampOfTheBytesRead() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("read-stamp-\(getpid()).md")
        try Data("---\ntitle: A\n---\nBody\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let read = try #require(SourceFile.read(file.path))
        #expect(String(decoding: read.bytes, as: UTF8.self) == "---\ntitle: A\n---\nBody\n")
        #expect(read.stamp == FileStamp.of(file.path))
        #expect(SourceFile.look(file.path)?.stamp == read.stamp)
        try Data("---\ntitle: Be\n---\nBody\n".utf8).write(to: file)
        #expect(SourceFile.look(file.path)?.stamp != read.stamp, "a save gives the file a new stamp")
    }
}
