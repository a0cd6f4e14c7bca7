import Foundation
import Mustache
import PortalDiagnostics
import PortalSupport
import PortalYAML

/// Finds a theme and its parents, and loads templates, assets and strings, reporting every
/// broken template or missing partial with its file and line.
public enum ThemeLoader {
    public static func load(name: String, themesDirectory: URL, siteRoot: URL) throws(DiagnosticList) -> Theme {
        var chain: [URL] = []
        var problems: [Diagnostic] = []
        var current: String? = name
        while let themeName = current {
            let folder = themesDirectory.appendingPathComponent(themeName)
            guard FileTree.isDirectory(folder) else {
                let available =
                    (try? FileManager.default.contentsOfDirectory(atPath: themesDirectory.path))?.sorted() ?? []
                throw DiagnosticList([
                    .error(
                        "site.yml",
                        rule: "theme",
                        "there is no theme '\(themeName)' in \(themesDirectory.lastPathComponent)/",
                        hint: available.isEmpty
                            ? "copy a theme into the themes folder ('portal init' writes the default one)"
                            : "set 'theme:' to one of: \(available.joined(separator: ", "))"
                    )
                ])
            }
            if chain.contains(folder) {
                throw DiagnosticList([
                    .error(
                        "themes/\(themeName)/theme.yml",
                        rule: "theme",
                        "themes name each other as parents in a loop",
                        hint: "remove 'parent:' from one of them"
                    )
                ])
            }
            chain.append(folder)
            current = parentName(of: folder, problems: &problems, siteRoot: siteRoot)
        }

        var templateFiles: [String: String] = [:]
        var templateTexts: [String: String] = [:]
        var assets: [String: URL] = [:]
        var strings: [String: YAMLNode] = [:]
        var stringFiles: [String: String] = [:]
        // Parents first, so that a child's file replaces its parent's.
        for folder in chain.reversed() {
            let layouts = folder.appendingPathComponent("layouts")
            for path in FileTree.files(under: layouts) where path.hasSuffix(".mustache") {
                let name = String(path.dropLast(".mustache".count))
                let file = layouts.appendingPathComponent(path)
                templateFiles[name] = display(file, siteRoot: siteRoot)
                templateTexts[name] = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            }
            let assetFolder = folder.appendingPathComponent("assets")
            for path in FileTree.files(under: assetFolder) {
                assets[path] = assetFolder.appendingPathComponent(path)
            }
            let i18n = folder.appendingPathComponent("i18n")
            for path in FileTree.files(under: i18n) where path.hasSuffix(".yml") {
                let language = String(path.dropLast(4))
                let file = i18n.appendingPathComponent(path)
                let shown = display(file, siteRoot: siteRoot)
                do {
                    let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
                    if let node = try YAMLReader.parse(text, file: shown), node.isMapping {
                        strings[language] = strings[language].map { $0.overlaid(with: node) } ?? node
                        stringFiles[language] = shown
                    }
                } catch {
                    problems.append(contentsOf: error.diagnostics)
                }
            }
        }

        var library = MustacheLibrary()
        _ = HTMLEscaping.registered
        for (name, text) in templateTexts.sorted(by: { $0.key < $1.key }) {
            let file = templateFiles[name] ?? name
            do {
                library.register(try MustacheTemplate(string: HTMLEscaping.pragma + text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                // The pragma's line comes before the file's first line.
                problems.append(
                    .error(
                        file,
                        line: max(error.context.lineNumber - 1, 1),
                        column: error.context.columnNumber,
                        rule: "template",
                        "the template cannot be read: \(describe(error.error))",
                        hint: "check that every {{#section}} has a matching {{/section}} and every tag is closed"
                    )
                )
            } catch {
                problems.append(.error(file, rule: "template", "the template cannot be read: \(error)"))
            }
            problems.append(contentsOf: PartialCheck.missingPartials(in: text, file: file, known: templateFiles))
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        return Theme(
            name: name,
            chain: chain,
            templateFiles: templateFiles,
            templateTexts: templateTexts,
            library: library,
            assets: assets,
            strings: strings,
            stringFiles: stringFiles,
            compiled: CompiledTemplates(library: library, names: templateTexts.keys)
        )
    }

    private static func parentName(of folder: URL, problems: inout [Diagnostic], siteRoot: URL) -> String? {
        let file = folder.appendingPathComponent("theme.yml")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return nil }
        do {
            return try YAMLReader.parse(text, file: display(file, siteRoot: siteRoot))?["parent"]?.text
        } catch {
            problems.append(contentsOf: error.diagnostics)
            return nil
        }
    }

    static func display(_ file: URL, siteRoot: URL) -> String {
        let root = siteRoot.standardizedFileURL.path + "/"
        let path = file.standardizedFileURL.path
        return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
    }

    private static func describe(_ error: Error) -> String {
        switch "\(error)" {
        case "sectionCloseNameIncorrect": return "a section is closed with the wrong name"
        case "unfinishedName": return "a tag is not closed with }}"
        case "expectedSectionEnd": return "a section is never closed"
        default: return "\(error)"
        }
    }
}

/// swift-mustache renders a missing partial as nothing; a site must fail loudly instead.
enum PartialCheck {
    static func missingPartials(in text: String, file: String, known: [String: String]) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for (lineNumber, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            TemplateReferences.scan(line) { name, open in
                guard !name.hasPrefix("*"), known[name] == nil else { return }
                let column = line.distance(from: line.startIndex, to: open) + 1
                problems.append(
                    .error(
                        file,
                        line: lineNumber + 1,
                        column: column,
                        rule: "template",
                        "the template uses '\(name)', which no theme file defines",
                        hint: "create layouts/\(name).mustache in the theme, or fix the name"
                    )
                )
            }
        }
        return problems
    }
}
