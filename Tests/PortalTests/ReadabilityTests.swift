import PortalReadability
import Testing

@Suite struct ReadabilityTests {
    @Test func shortPlainSentencesScoreEasierThanLongTechnicalOnes() {
        let plain = Readability.measure(text: "Take a break. Drink some water. Call a friend.", language: "en")
        let hard = Readability.measure(
            text:
                "Organizational implementation of comprehensive credentialing requirements necessitates considerable administrative coordination across multidisciplinary stakeholders.",
            language: "en"
        )
        #expect(plain.sentences == 3 && plain.words == 9)
        #expect(plain.fleschKincaidGrade < 3)
        #expect(hard.fleschKincaidGrade > 16)
        #expect(plain.figure?.isPlain == true && hard.figure?.isPlain == false)
    }

    @Test func spanishSyllablesAndFernandezHuerta() {
        // pa-ra (2) tra-ba-ja-do-res (5) a-po-yo (3): diphthongs and hiatus counted as Spanish does.
        #expect(Readability.measure(text: "para trabajadores apoyo", language: "es").syllables == 10)
        #expect(Readability.measure(text: "cuidado", language: "es").syllables == 3)  // cui-da-do
        #expect(Readability.measure(text: "poeta", language: "es").syllables == 3)  // po-e-ta
        let plain = Readability.measure(text: "Tome un descanso. Beba agua. Llame a una amiga.", language: "es")
        #expect(plain.fernandezHuerta > 80)
    }

    @Test func listItemsAndHeadingsEndSentences() {
        let score = Readability.measure(
            html: "<h2>Signs</h2><ul><li>Feeling tired</li><li>Trouble sleeping</li></ul>",
            language: "en"
        )
        #expect(score.sentences == 3)
    }
}
