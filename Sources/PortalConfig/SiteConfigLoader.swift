import Foundation
import PortalDiagnostics
import PortalYAML

/// Reads `site.yml`, checks every setting, and reports all problems at once.
public enum SiteConfigLoader {
    public static let fileName = "site.yml"

    public static func load(
        file: URL,
        baseURLOverride: String? = nil
    ) throws(DiagnosticList)
        -> SiteConfig
    {
        let display = file.lastPathComponent
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw DiagnosticList([
                .error(
                    file.path,
                    rule: "config",
                    "no site settings file here",
                    hint:
                        "run 'portal build' in the folder that holds site.yml, or pass --config FILE; 'portal init DIR' makes a new site"
                )
            ])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticList([
                .error(display, rule: "encoding", "the file is not valid UTF-8 text", hint: "save it as UTF-8")
            ])
        }
        guard let root = try YAMLReader.parse(text, file: display), root.isMapping else {
            throw DiagnosticList([
                .error(
                    display,
                    line: 1,
                    rule: "config",
                    "site.yml must be a map of settings",
                    hint: "start from the site.yml that 'portal init' writes"
                )
            ])
        }
        var problems: [Diagnostic] = []
        let folder = file.deletingLastPathComponent()

        func string(_ key: String, default fallback: String) -> String {
            guard let node = root[key] else { return fallback }
            guard let value = node.text else {
                problems.append(
                    .error(
                        display,
                        line: node.line,
                        column: node.column,
                        rule: "config",
                        "'\(key)' must be text, found \(node.kindDescription)"
                    )
                )
                return fallback
            }
            return value
        }
        func bool(_ key: String, in node: YAMLNode?, default fallback: Bool) -> Bool {
            guard let value = node?[key] else { return fallback }
            guard let flag = value.bool else {
                problems.append(
                    .error(
                        display,
                        line: value.line,
                        column: value.column,
                        rule: "config",
                        "'\(key)' must be true or false, found \(value.kindDescription)"
                    )
                )
                return fallback
            }
            return flag
        }
        func directory(_ key: String, default fallback: String) -> URL {
            let path = string(key, default: fallback)
            if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL }
            return folder.appendingPathComponent(path).standardizedFileURL
        }

        var baseURL = baseURLOverride ?? string("base_url", default: "/")
        if !baseURL.hasSuffix("/") { baseURL += "/" }
        if let override = baseURLOverride, URLComponents(string: override)?.scheme == nil,
            !override.hasPrefix("/")
        {
            problems.append(
                .error(
                    "--base-url",
                    rule: "config",
                    "'\(override)' is not a URL",
                    hint: "give a full URL such as https://example.org/peer/"
                )
            )
        }

        var languages: [LanguageConfig] = []
        if let list = root["languages"] {
            for pair in list.pairs {
                let node = pair.value
                guard node.isMapping else {
                    problems.append(
                        .error(
                            display,
                            line: pair.keyLine,
                            column: pair.keyColumn,
                            rule: "config",
                            "language '\(pair.key)' needs its settings (name, title)",
                            hint: "write e.g. '\(pair.key): {name: English, title: Peer Portal}'"
                        )
                    )
                    continue
                }
                languages.append(
                    LanguageConfig(
                        code: pair.key,
                        name: node["name"]?.text ?? pair.key,
                        title: node["title"]?.text ?? "",
                        description: node["description"]?.text ?? "",
                        params: node
                    )
                )
            }
            if !list.isMapping || languages.isEmpty {
                problems.append(
                    .error(
                        display,
                        line: list.line,
                        column: list.column,
                        rule: "config",
                        "'languages' must list at least one language, default first",
                        hint: "write 'languages:' then '  en: {name: English, title: My site}'"
                    )
                )
            }
        } else {
            languages = [
                LanguageConfig(
                    code: "en",
                    name: "English",
                    title: string("title", default: ""),
                    description: "",
                    params: nil
                )
            ]
        }
        for language in languages where !LanguageCode.isValid(language.code) {
            problems.append(
                .error(
                    display,
                    rule: "config",
                    "'\(language.code)' is not a language code",
                    hint: "use a code such as en, es, zh-Hant"
                )
            )
        }

        let markdown = root["markdown"]
        let stale = root["referrals"]?["stale_after_years"]?.int ?? 1
        let (rules, ruleProblems) = RuleSettingsLoader.read(root["check"], file: display)
        problems += ruleProblems
        let hugo = HugoSettings.read(root, file: display, problems: &problems)
        var config = SiteConfig(
            file: file.path,
            rootDirectory: folder,
            baseURL: baseURL,
            languages: languages,
            theme: string("theme", default: "default"),
            themesDirectory: directory("themes_dir", default: "themes"),
            contentDirectory: directory("content_dir", default: "content"),
            dataDirectory: directory("data_dir", default: "data"),
            staticDirectory: directory("static_dir", default: "static"),
            outputDirectory: directory("output_dir", default: "public"),
            intakeURL: string("intake_url", default: ""),
            allowRawHTML: bool("unsafe_html", in: markdown, default: false),
            smartPunctuation: bool("smart_punctuation", in: markdown, default: true),
            staleAfterYears: stale,
            raw: root
        )
        config.rules = rules
        config.hugo = hugo
        if !problems.isEmpty { throw DiagnosticList(problems) }
        return config
    }
}

/// BCP 47 language tags, checked loosely: letters and digits in `-` separated parts.
public enum LanguageCode {
    public static func isValid(_ code: String) -> Bool {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count),
            first.allSatisfy({ $0.isASCII && $0.isLetter })
        else { return false }
        return parts.dropFirst().allSatisfy {
            (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
    }
}
