import PortalMarkdown
import Testing

@Suite struct SlugTests {
    @Test func foldsAccentsAndPunctuation() {
        #expect(Slug.make("¿Qué es la fatiga por compasión?") == "que-es-la-fatiga-por-compasion")
        #expect(Slug.make("Niño & Señora: 2 días") == "nino-senora-2-dias")
        #expect(Slug.make("  Set boundaries -- kindly ") == "set-boundaries-kindly")
    }

    @Test func emptyTextFallsBackAndDuplicatesGetNumbers() {
        var registry = SlugRegistry()
        #expect(registry.unique("Sources") == "sources")
        #expect(registry.unique("Sources") == "sources-1")
        #expect(registry.unique("Sources") == "sources-2")
        #expect(registry.unique("!!!") == "section")
    }
}
