import Foundation
import PortalConfig
import PortalSupport
import PortalTheme

/// Everything a page's HTML may show besides the content itself: `site.yml`, every file of the
/// theme and its parents (layouts, strings, assets), the data folder, the list of `static/` files,
/// the command line's options, the day, and the `portal` that builds. When any of it changes,
/// `BuildMemo` renders every page again (bodies whose Markdown is unchanged are still reused).
enum SettingsDigest {
    static func of(options: BuildOptions, config: SiteConfig, theme: Theme, staticFiles: [String]) -> String? {
        guard let executable = ExecutableIdentity.current else { return nil }
        var digest = StableDigest()
        digest.add("portal build memo")
        digest.add(executable)
        guard let settings = FileManager.default.contents(atPath: options.configFile.path) else { return nil }
        digest.add(bytes: settings)
        for folder in theme.chain + [config.dataDirectory] {
            digest.add(folder.path)
            for path in FileTree.files(under: folder).sorted() {
                digest.add(path)
                digest.add(
                    bytes: FileManager.default.contents(
                        atPath: folder.appendingPathComponent(path, isDirectory: false).path
                    ) ?? Data()
                )
            }
        }
        digest.add(staticFiles.sorted().joined(separator: "\n"))
        digest.add(config.outputDirectory.path)
        for value in [options.baseURLOverride, options.intakeURLOverride] { digest.add(value ?? "~none") }
        digest.add("\(options.allowLocalIntake) \(options.includeExpired) \(options.includeDrafts) \(options.today)")
        return digest.hex
    }
}
