import Foundation
import PortalDiagnostics
import PortalSupport
import PortalYAML

/// Reads YAML data files (the referral directory, the request form...) for templates and checks.
enum DataLoader {
    static func load(
        _ paths: [String],
        root: URL,
        display: String,
        diagnostics: DiagnosticCollector
    ) -> [String: DataFile] {
        var files: [String: DataFile] = [:]
        for path in paths {
            let shown = display + path
            guard
                let data = FileManager.default.contents(
                    atPath: root.appendingPathComponent(path, isDirectory: false).path
                )
            else {
                continue
            }
            switch UTF8Text.decode(data) {
            case .failure(.invalid(let line, let column)):
                diagnostics.report(
                    .error(
                        shown,
                        line: line,
                        column: column,
                        rule: "encoding",
                        "the file is not valid UTF-8 text",
                        hint: "save it as UTF-8"
                    )
                )
            case .success(let text):
                do {
                    guard let node = try YAMLReader.parse(text, file: shown) else { continue }
                    let name = path.replacingOccurrences(of: ".yaml", with: "")
                        .replacingOccurrences(of: ".yml", with: "")
                    files[name] = DataFile(displayPath: shown, root: node)
                } catch {
                    diagnostics.report(contentsOf: error.diagnostics)
                }
            }
        }
        return files
    }
}
