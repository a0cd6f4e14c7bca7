import Foundation
import Testing

/// `portal init` where only the program was installed: the default theme travels inside it.
@Suite struct InitAnywhereTests {
    @Test func initWithOnlyTheProgramWritesTheDefaultThemeAndTheSiteBuilds() async throws {
        let alone = FileManager.default.temporaryDirectory.appendingPathComponent("portal-alone-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: alone, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: alone) }
        let program = alone.appendingPathComponent("bin/portal")
        try FileManager.default.createDirectory(
            at: program.deletingLastPathComponent(),
            withIntermediateDirectories: true
        )
        try FileManager.default.copyItem(at: CommandLineTests.binary, to: program)

        func run(_ arguments: [String], in folder: URL) async throws -> Int32 {
            try await ProgramRun(program, arguments, in: folder).status
        }
        #expect(try await run(["init", "site"], in: alone) == 0)
        let theme = TestSite.repositoryRoot.appendingPathComponent("themes/default")
        let written = alone.appendingPathComponent("site/themes/default")
        let files = try FileManager.default.subpathsOfDirectory(atPath: theme.path).filter {
            !FileTree.isDirectoryPath(theme.appendingPathComponent($0).path)
        }
        for file in files {
            let expected = try Data(contentsOf: theme.appendingPathComponent(file))
            let actual = try? Data(contentsOf: written.appendingPathComponent(file))
            #expect(
                actual == expected,
                "themes/default/\(file) differs from the copy inside portal: run scripts/embed-theme.py (make does)"
            )
        }
        #expect(try await run(["build"], in: alone.appendingPathComponent("site")) == 0)
        // Search works there too: the engine came out of the program, the index out of the build.
        let built = alone.appendingPathComponent("site/public")
        #expect(FileManager.default.fileExists(atPath: built.appendingPathComponent("search-index/es.json").path))
        let search =
            (try? String(contentsOf: built.appendingPathComponent("es/buscar/index.html"), encoding: .utf8)) ?? ""
        #expect(search.contains("assets/js/search/lunr.es."))
    }
}

private enum FileTree {
    static func isDirectoryPath(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
