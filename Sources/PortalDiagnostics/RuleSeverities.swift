/// What a site may say about a rule in `site.yml` (`check: rules: {img-alt: warning}`).
public enum RuleSetting: String, Sendable, Hashable, CaseIterable {
    case error
    case warning
    case off
}

/// Every rule the build and the read-back check report, with its default severity, and which
/// of them a site may make stricter, milder or silent. Rules that guard the build itself (a file
/// that cannot be read, YAML that cannot be parsed, two pages at one address) stay errors.
public enum RuleCatalogue {
    /// Rules a site may set, with their default severity.
    public static let defaults: [String: Diagnostic.Severity] = [
        // Reading pages and their front matter.
        "front-matter": .error,
        "unknown-key": .warning,
        "missing-description": .warning,
        "slug": .error,
        "url": .error,
        "unknown-layout": .warning,
        "alias-collision": .warning,
        "raw-html": .warning,
        "broken-link": .error,
        "broken-anchor": .error,
        "missing-translation": .warning,
        "stale-referral": .warning,
        "headers": .warning,
        // The read-back check (docs/checker.md).
        "link-target": .error,
        "link-address": .error,
        "image-source": .error,
        "link-fragment": .error,
        "redirect-target": .error,
        "img-alt": .error,
        "img-alt-empty": .error,
        "h1-count": .error,
        "heading-order": .error,
        "heading-empty": .error,
        "duplicate-id": .error,
        "html-lang": .error,
        "lang-valid": .error,
        "title": .error,
        "title-unique": .error,
        "meta-description": .warning,
        "control-name": .error,
        "group-fieldset": .error,
        "autocomplete": .error,
        "link-name": .error,
        "link-text-vague": .warning,
        "target-blank": .error,
        "iframe-title": .error,
        "external-link": .warning,
    ]

    /// Rules that stop the build, whatever `site.yml` says: what follows them cannot be trusted.
    public static let fixed: Set<String> = [
        "config", "yaml", "encoding", "read", "write", "theme", "template", "duplicate-url", "permalink", "form",
        "request-form", "intake-url", "referral", "data",
        // No third-party requests is the portal's promise to its readers, not a site's choice.
        "third-party",
    ]

    /// The closest rule name to a misspelt one, for "did you mean".
    public static func closest(to name: String) -> String? {
        EditDistance.closest(to: name, among: Array(defaults.keys) + Array(fixed), within: 3)
    }
}

/// The severities a site chose (`check: rules:` in `site.yml`), applied to every finding of
/// the build and of the check in one place, so that the two always agree.
public struct RuleSeverities: Sendable, Hashable {
    public var settings: [String: RuleSetting]

    public init(_ settings: [String: RuleSetting] = [:]) { self.settings = settings }

    public var isEmpty: Bool { settings.isEmpty }

    /// The finding as the site wants it, or nil when its rule is `off`.
    public func apply(_ diagnostic: Diagnostic) -> Diagnostic? {
        guard let setting = settings[diagnostic.rule] else { return diagnostic }
        var changed = diagnostic
        switch setting {
        case .off: return nil
        case .error: changed.severity = .error
        case .warning: changed.severity = .warning
        }
        return changed
    }

    public func apply(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        settings.isEmpty ? diagnostics : diagnostics.compactMap(apply)
    }

    /// Whether findings of this rule are wanted at all (skips work for rules turned off).
    public func isOff(_ rule: String) -> Bool { settings[rule] == .off }
}

/// Levenshtein distance, for "did you mean".
public enum EditDistance {
    public static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    /// The candidate nearest to `word` within `limit` edits (ties: alphabetical), if any.
    public static func closest(to word: String, among candidates: [String], within limit: Int) -> String? {
        candidates.filter { abs($0.count - word.count) <= limit }
            .map { ($0, between($0, word)) }
            .filter { $0.1 <= limit }
            .min { ($0.1, $0.0) < ($1.1, $1.0) }?.0
    }
}
