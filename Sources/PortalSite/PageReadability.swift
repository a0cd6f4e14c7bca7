import PortalContent
import PortalReadability
import PortalSupport

/// Readability of every page's own words; the Sources list (citations) is left out.
enum PageReadability {
    static func measure(_ content: ContentSite, bodies: [RenderedBody]) -> [(page: String, score: ReadabilityScore)] {
        let scores = content.pages.parallelMap { page -> ReadabilityScore? in
            guard page.language == "en" || page.language == "es" else { return nil }
            let body = bodies[page.index]
            // A body the build took from the last one (`BuildMemo`) brings its figures along.
            if !body.hasHTML, let measured = body.restored?.readability { return measured }
            let score = Readability.measure(html: body.main, language: page.language)
            return score.words >= 40 ? score : nil
        }
        return zip(content.pages, scores).compactMap { page, score in score.map { (page.displayPath, $0) } }
    }
}
