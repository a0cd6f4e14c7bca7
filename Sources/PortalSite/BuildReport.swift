import Foundation
import PortalCheck
import PortalDiagnostics
import PortalReadability

/// What a finished build tells its caller.
public struct BuildReport: Sendable {
    public var pagesPerLanguage: [(language: String, count: Int)]
    public var diagnostics: [Diagnostic]
    /// Plain-language figures per page (source path), for languages with a formula.
    /// Empty when `BuildOptions.measureReadability` is off.
    public var readability: [(page: String, score: ReadabilityScore)]
    public var seconds: Double
    public var outputDirectory: URL
    /// What `portal check` found in the written site; nil with `--no-check`.
    public var check: CheckReport? = nil
    /// Pages whose files were taken from the last build, unchanged (`BuildMemo`).
    public var unchangedPages = 0

    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }

    /// One line per language: the median figure and how many pages miss the plain-language target.
    public var readabilitySummary: [String] {
        let languages = Array(Set(readability.map(\.score.language))).sorted()
        return languages.compactMap { language in
            let scores = readability.filter { $0.score.language == language }.map(\.score)
            guard let name = scores.first?.figure?.name else { return nil }
            let values = scores.compactMap { $0.figure?.value }.sorted()
            let median = values[values.count / 2]
            let hard = scores.filter { $0.figure?.isPlain == false }.count
            let target = language == "es" ? "below 60" : "above grade 8"
            return
                "Readability (\(language)): median \(name) \(String(format: "%.1f", median)); \(hard) of \(scores.count) pages \(target)"
        }
    }

    /// `Built 42 pages (en 21, es 21) with 0 warnings in 0.84 s into public/`
    public func summary(relativeTo folder: URL) -> String {
        let total = pagesPerLanguage.reduce(0) { $0 + $1.count }
        let languages = pagesPerLanguage.map { "\($0.language) \($0.count)" }.joined(separator: ", ")
        let warningCount = warnings.count + (check?.warnings.count ?? 0)
        let root = folder.standardizedFileURL.path + "/"
        var shown = outputDirectory.standardizedFileURL.path
        if shown.hasPrefix(root) { shown = String(shown.dropFirst(root.count)) }
        let unchanged = unchangedPages > 0 ? " (\(unchangedPages) unchanged since the last build)" : ""
        return
            "Built \(total) pages (\(languages)) with \(warningCount) warning\(warningCount == 1 ? "" : "s") in \(String(format: "%.2f", seconds)) s into \(shown)/\(unchanged)"
    }
}

/// A build that did not produce a site: its errors (and warnings), already sorted.
public struct BuildFailure: Error, Sendable {
    public var diagnostics: [Diagnostic]
    /// Set when the written site failed `portal check` (its findings are not in `diagnostics`).
    public var check: CheckReport? = nil
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}
