import Foundation
import PortalContent
import PortalReadability
import PortalSupport

/// Readability of every page's own words; the Sources list (citations) is left out.
enum PageReadability {

    static func measure(_ content: ContentSite, bodies: [RenderedBody]) -> [(page: String, score: ReadabilityScore)] {
        let pairs = Array(zip(content.pages.map { ($0.displayPath, $0.language) }, bodies.map(\.html)))
            .map { PagePair(path: $0.0.0, language: $0.0.1, html: $0.1) }
        let scores = pairs.parallelMap { pair -> ReadabilityScore? in
            guard pair.language == "en" || pair.language == "es" else { return nil }
            let score = Readability.measure(html: SourcesSection.split(pair.html).main, language: pair.language)
            return score.words >= 40 ? score : nil
        }
        return zip(pairs, scores).compactMap { pair, score in score.map { (pair.path, $0) } }
    }

    struct PagePair: Sendable {
        var path: String
        var language: String
        var html: String
    }
}
