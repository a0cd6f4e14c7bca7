import Foundation
import PortalDiagnostics
import Yams

/// Parses YAML text into `YAMLNode`s, turning every libyaml complaint into a diagnostic
/// with the file, line and a hint an editor can act on.
public enum YAMLReader {
    /// - Parameter lineOffset: lines before the YAML text in the file (front matter starts on line 2).
    /// - Returns: nil for an empty document.
    public static func parse(
        _ text: String,
        file: String,
        lineOffset: Int = 0
    ) throws(DiagnosticList)
        -> YAMLNode?
    {
        do {
            // Yams' default resolver runs a regular expression per tag per scalar, which is most of
            // the cost of reading 10,000 front matters; plain scalars are resolved here instead.
            // UTF-8 is named because Yams' default reads the environment on every parse.
            guard let node = try Yams.compose(yaml: text, .basic, .default, .utf8) else { return nil }
            return try convert(node, file: file, lineOffset: lineOffset)
        } catch let list as DiagnosticList {
            throw list
        } catch let error as YamlError {
            throw DiagnosticList([diagnostic(for: error, file: file, lineOffset: lineOffset, text: text)])
        } catch {
            throw DiagnosticList([
                .error(file, line: lineOffset + 1, rule: "yaml", "could not read YAML: \(error)")
            ])
        }
    }

    /// The lines (counting from 1) on which `key:` starts a line, at any indentation.
    static func lines(of key: String, in text: String) -> [Int] {
        guard !key.isEmpty else { return [] }
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
            let trimmed = line.drop { $0 == " " }
            let rest = trimmed.hasPrefix(key) ? trimmed.dropFirst(key.count) : nil
            guard let rest, rest.drop(while: { $0 == " " }).hasPrefix(":") else { return nil }
            return index + 1
        }
    }

    static func convert(_ node: Node, file: String, lineOffset: Int) throws -> YAMLNode {
        let line = (node.mark?.line ?? 0) + lineOffset
        let column = node.mark?.column ?? 0
        switch node {
        case .scalar(let scalar):
            let tag = scalar.style == .plain ? ScalarTag.resolve(scalar.string) : "str"
            return YAMLNode(.scalar(scalar.string, tag: tag), line: line, column: column)
        case .sequence(let sequence):
            let items = try sequence.map { try convert($0, file: file, lineOffset: lineOffset) }
            return YAMLNode(.sequence(items), line: line, column: column)
        case .mapping(let mapping):
            var pairs: [YAMLPair] = []
            var seen: Set<String> = []
            for (key, value) in mapping {
                let keyLine = (key.mark?.line ?? 0) + lineOffset
                let keyColumn = key.mark?.column ?? 0
                let name = key.string ?? ""
                if seen.contains(name) {
                    throw DiagnosticList([
                        .error(
                            file,
                            line: keyLine,
                            column: keyColumn,
                            rule: "yaml",
                            "the key '\(name)' is written twice",
                            hint: "keep one of the two lines; YAML keys must be unique"
                        )
                    ])
                }
                seen.insert(name)
                pairs.append(
                    YAMLPair(
                        key: name,
                        keyLine: keyLine,
                        keyColumn: keyColumn,
                        value: try convert(value, file: file, lineOffset: lineOffset)
                    )
                )
            }
            return YAMLNode(.mapping(pairs), line: line, column: column)
        case .alias(let alias):
            return YAMLNode(.scalar(alias.anchor.rawValue, tag: "str"), line: line, column: column)
        }
    }

    static func diagnostic(for error: YamlError, file: String, lineOffset: Int, text: String = "") -> Diagnostic {
        let hint =
            "check the indentation and quoting on this line; put text that contains ':' or starts with a symbol in quotes"
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return .error(
                file,
                line: mark.line + lineOffset,
                column: mark.column,
                rule: "yaml",
                "malformed YAML: \(problem)",
                hint: hint
            )
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Name every line the key is on, so the editor sees both and picks one.
            let lines = Self.lines(of: duplicates.first ?? "", in: text).map { $0 + lineOffset }
            return .error(
                file,
                line: lines.first ?? context.mark.line + lineOffset,
                column: context.mark.column,
                rule: "yaml",
                "the key '\(duplicates.joined(separator: "', '"))' is written twice"
                    + (lines.count > 1 ? " (lines \(lines.map(String.init).joined(separator: " and ")))" : ""),
                hint: "keep one of them; YAML keys must be unique"
            )
        case .reader(let problem, _, _, _):
            return .error(
                file,
                line: lineOffset + 1,
                rule: "yaml",
                "unreadable YAML: \(problem)",
                hint: "save the file as UTF-8 text"
            )
        default:
            return .error(
                file,
                line: lineOffset + 1,
                rule: "yaml",
                "malformed YAML: \(error)",
                hint: hint
            )
        }
    }
}
