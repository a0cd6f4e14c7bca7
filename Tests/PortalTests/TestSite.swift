import Foundation
import PortalDiagnostics
import PortalSite
import PortalTheme
import PortalYAML

/// A throwaway site in a temporary folder, written from a dictionary of files, using the
/// repository's real default theme unless the test writes its own.
struct TestSite {
    let root: URL

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    static let defaultConfig = """
        base_url: https://example.org/
        themes_dir: \(repositoryRoot.appendingPathComponent("themes").path)
        languages:
          en: {name: English, title: Test site}
          es: {name: Español, title: Sitio de prueba}

        """

    init(_ files: [String: String], config: String = TestSite.defaultConfig) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("portal-test-\(UUID().uuidString)")
        try write("site.yml", config)
        for (path, text) in files { try write(path, text) }
    }

    func write(_ path: String, _ text: String) throws {
        let file = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }

    func writeData(_ path: String, _ data: Data) throws {
        let file = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
    }

    var output: URL { root.appendingPathComponent("public") }

    /// `diskFullAfter`: writing fails as on a full disk after this many files.
    func build(
        baseURL: String? = nil,
        drafts: Bool = false,
        strict: Bool = false,
        today: YAMLDate = YAMLDate(year: 2026, month: 11, day: 24),
        diskFullAfter: Int? = nil,
        templateRenderer: TemplateRenderer = .fastest
    ) throws(BuildFailure) -> BuildReport {
        var options = BuildOptions(
            configFile: root.appendingPathComponent("site.yml"),
            baseURLOverride: baseURL,
            includeDrafts: drafts,
            strict: strict,
            today: today
        )
        options.simulatedDiskFullAfter = diskFullAfter
        options.templateRenderer = templateRenderer
        return try Site.build(options)
    }

    /// The build's diagnostics when it fails; an empty list when it unexpectedly succeeds.
    func failure(strict: Bool = false, diskFullAfter: Int? = nil) -> [Diagnostic] {
        do {
            _ = try build(strict: strict, diskFullAfter: diskFullAfter)
            return []
        } catch {
            return error.diagnostics
        }
    }

    func read(_ path: String) -> String? {
        try? String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
    }

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: output.appendingPathComponent(path).path)
    }

    /// Every file below the output folder with its bytes, for comparing builds.
    func snapshot() -> [String: Data] { filesBelow(output) }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

/// A copy of the repository's site (content, data, static files, site.yml and the default theme)
/// in a new temporary folder, for tests that edit it.
func repositorySiteCopy(_ prefix: String) throws -> URL {
    let repository = TestSite.repositoryRoot
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    // The repository's site has no static/ folder; tests add files to it.
    for item in ["content", "data", "static", "site.yml"]
    where FileManager.default.fileExists(atPath: repository.appendingPathComponent(item).path) {
        try FileManager.default.copyItem(
            at: repository.appendingPathComponent(item),
            to: root.appendingPathComponent(item)
        )
    }
    try FileManager.default.createDirectory(
        at: root.appendingPathComponent("themes"),
        withIntermediateDirectories: true
    )
    try FileManager.default.copyItem(
        at: repository.appendingPathComponent("themes/default"),
        to: root.appendingPathComponent("themes/default")
    )
    return root
}

/// A theme `t` made of these templates (`partials/x` in a subfolder), loaded as a site loads it,
/// with the temporary folder to remove.
func themeFromTemplates(_ templates: [String: String]) throws -> (Theme, URL) {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("portal-theme-\(UUID().uuidString)")
    let layouts = root.appendingPathComponent("themes/t/layouts")
    for (name, text) in templates {
        let file = layouts.appendingPathComponent(name + ".mustache")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }
    let theme = try ThemeLoader.load(name: "t", themesDirectory: root.appendingPathComponent("themes"), siteRoot: root)
    return (theme, root)
}

/// Every file below a folder with its bytes, by relative path.
func filesBelow(_ folder: URL) -> [String: Data] {
    var files: [String: Data] = [:]
    let prefix = folder.path + "/"
    let enumerator = FileManager.default.enumerator(atPath: folder.path)
    while let path = enumerator?.nextObject() as? String {
        let full = prefix + path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
            files[path] = FileManager.default.contents(atPath: full)
        }
    }
    return files
}

func page(_ title: String, _ body: String = "", extra: String = "") -> String {
    "---\ntitle: \(title)\ndescription: About \(title).\n\(extra)---\n\n\(body)\n"
}
