import Foundation
import PortalDiagnostics
import PortalSite
import Testing

/// Front matter as sites migrated from Hugo write it: typos get "did you mean", empty keys mean
/// "not set", a key written twice names both lines.
@Suite struct FrontMatterCompatibilityTests {
    static let home = ["content/_index.md": "---\ntitle: Home\ndescription: Home.\n---\n\nHi.\n",
        "content/_index.es.md": "---\ntitle: Inicio\ndescription: Inicio.\n---\n\nHola.\n"]

    func diagnostics(_ page: String) throws -> [Diagnostic] {
        var files = Self.home
        files["content/a.md"] = page
        let site = try TestSite(files)
        defer { site.remove() }
        do {
            return try site.build().diagnostics
        } catch {
            return error.diagnostics
        }
    }

    @Test func aMisspeltKeyIsAWarningThatSaysWhichWasMeant() throws {
        let found = try diagnostics("---\ntitle: A\ndescripton: What it is.\nmenu_titel: A\nmy_theme_colour: blue\n---\n\nText.\n")
        let typos = found.filter { $0.message.hasPrefix("unknown key") }
        #expect(typos.map(\.message) == [
            "unknown key 'descripton': did you mean 'description'?", "unknown key 'menu_titel': did you mean 'menu_title'?",
        ])
        #expect(typos.allSatisfy { $0.severity == .warning && $0.file == "content/a.md" })
        #expect(typos.map(\.line) == [3, 4])
    }

    @Test func emptyKeysAreAsIfNotWritten() throws {
        let found = try diagnostics("---\ntitle: A\ndescription: A page.\nweight:\nslug:\naliases:\nlayout:\n---\n\nText.\n")
        #expect(!found.contains { $0.severity == .error }, "\(found.map(\.formatted))")
    }

    @Test func aKeyWrittenTwiceNamesBothLines() throws {
        let found = try diagnostics("---\ntitle: A\ndescription: One.\nweight: 2\ndescription: Two.\n---\n\nText.\n")
        let duplicate = try #require(found.first { $0.message.contains("written twice") })
        #expect(duplicate.message == "the key 'description' is written twice (lines 3 and 5)", "\(duplicate.message)")
        #expect(duplicate.line == 3)
    }
}
