import Foundation
import PortalDiagnostics

/// What a finished build tells its caller.
public struct BuildReport: Sendable {
    public var pagesPerLanguage: [(language: String, count: Int)]
    public var filesWritten: Int
    public var diagnostics: [Diagnostic]
    public var seconds: Double
    public var outputDirectory: URL

    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }

    /// `Built 42 pages (en 21, es 21) with 0 warnings in 0.84 s into public/`
    public func summary(relativeTo folder: URL) -> String {
        let total = pagesPerLanguage.reduce(0) { $0 + $1.count }
        let languages = pagesPerLanguage.map { "\($0.language) \($0.count)" }.joined(separator: ", ")
        let warningCount = warnings.count
        let root = folder.standardizedFileURL.path + "/"
        var shown = outputDirectory.standardizedFileURL.path
        if shown.hasPrefix(root) { shown = String(shown.dropFirst(root.count)) }
        return "Built \(total) pages (\(languages)) with \(warningCount) warning\(warningCount == 1 ? "" : "s") in \(String(format: "%.2f", seconds)) s into \(shown)/"
    }
}

/// A build that did not produce a site: its errors (and warnings), already sorted.
public struct BuildFailure: Error, Sendable {
    public var diagnostics: [Diagnostic]
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}
