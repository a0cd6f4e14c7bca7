import PortalDiagnostics
import PortalYAML

/// Reads `check: rules:` from `site.yml`: the severity the site wants for each rule.
enum RuleSettingsLoader {
    static func read(_ check: YAMLNode?, file: String) -> (RuleSeverities, [Diagnostic]) {
        guard let check else { return (RuleSeverities(), []) }
        var problems: [Diagnostic] = []
        guard check.isMapping else {
            problems.append(
                .error(
                    file,
                    line: check.line,
                    column: check.column,
                    rule: "config",
                    "'check' must hold settings, such as 'rules:'",
                    hint: "write 'check:' then '  rules:' then '    img-alt: warning' (docs/checker.md)"
                )
            )
            return (RuleSeverities(), problems)
        }
        for pair in check.pairs where pair.key != "rules" {
            problems.append(
                .error(
                    file,
                    line: pair.keyLine,
                    column: pair.keyColumn,
                    rule: "config",
                    "'check' has no setting '\(pair.key)'",
                    hint: "the only setting under 'check:' is 'rules:'"
                )
            )
        }
        guard let rules = check["rules"] else { return (RuleSeverities(), problems) }
        guard rules.isMapping || rules.isNull else {
            problems.append(
                .error(
                    file,
                    line: rules.line,
                    column: rules.column,
                    rule: "config",
                    "'rules' must map rule names to error, warning or off, found \(rules.kindDescription)",
                    hint: "write e.g. '    img-alt: warning' under '  rules:'"
                )
            )
            return (RuleSeverities(), problems)
        }
        var settings: [String: RuleSetting] = [:]
        let choices = RuleSetting.allCases.map(\.rawValue).joined(separator: ", ")
        for pair in rules.pairs {
            if RuleCatalogue.fixed.contains(pair.key) {
                problems.append(
                    .error(
                        file,
                        line: pair.keyLine,
                        column: pair.keyColumn,
                        rule: "config",
                        "the rule '\(pair.key)' cannot be changed: the build cannot go on past it",
                        hint: "remove this line; fix what it reports instead"
                    )
                )
                continue
            }
            guard RuleCatalogue.defaults[pair.key] != nil else {
                let guess = RuleCatalogue.closest(to: pair.key).map { ": did you mean '\($0)'?" } ?? ""
                problems.append(
                    .error(
                        file,
                        line: pair.keyLine,
                        column: pair.keyColumn,
                        rule: "config",
                        "there is no rule '\(pair.key)'\(guess)",
                        hint: "docs/checker.md lists every rule and its default"
                    )
                )
                continue
            }
            guard let text = pair.value.text, let setting = RuleSetting(rawValue: text.lowercased()) else {
                problems.append(
                    .error(
                        file,
                        line: pair.value.line,
                        column: pair.value.column,
                        rule: "config",
                        "'\(pair.key)' must be one of \(choices), found \(pair.value.kindDescription)",
                        hint: "write e.g. '\(pair.key): warning'"
                    )
                )
                continue
            }
            settings[pair.key] = setting
        }
        return (RuleSeverities(settings), problems)
    }
}
