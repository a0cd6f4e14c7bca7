import PortalTheme
import Testing

@testable import PortalMarkdown

@Suite struct SlugTests {
    @Test func foldsAccentsAndPunctuation() {
        #expect(Slug.make("¿Qué es la fatiga por compasión?") == "que-es-la-fatiga-por-compasion")
        #expect(Slug.make("Niño & Señora: 2 días") == "nino-senora-2-dias")
        #expect(Slug.make("  Set boundaries -- kindly ") == "set-boundaries-kindly")
    }

    /// ASCII headings take a byte-by-byte path; it must give what the Unicode path gives.
    @Test func asciiPathMatchesTheUnicodePath() {
        let alphabet = Array("aZz09 -_!?.#&()'\"\t/AbCdEfM".unicodeScalars)
        var seed: UInt64 = 7
        func next(_ bound: Int) -> Int {  // the same inputs on every run
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(seed >> 33) % bound
        }
        for _ in 0..<2_000 {
            let length = next(25)
            let text = String(String.UnicodeScalarView((0..<length).map { _ in alphabet[next(alphabet.count)] }))
            #expect(Slug.makeFromASCII(text) == Slug.makeFromUnicode(text), "\(text)")
        }
        #expect(Slug.make("Call 988 -- Now!") == "call-988-now")
        #expect(Slug.make("Más ayuda") == "mas-ayuda")
    }

    @Test func emptyTextFallsBackAndDuplicatesGetNumbers() {
        var registry = SlugRegistry()
        #expect(registry.unique("Sources") == "sources")
        #expect(registry.unique("Sources") == "sources-1")
        #expect(registry.unique("Sources") == "sources-2")
        #expect(registry.unique("!!!") == "section")
    }
}

@Suite struct ScriptCompactionTests {
    @Test func dropsCommentLinesAndIndentationOnly() {
        let source = "// why\nfunction f() {\n    const url = 'http://x'; // kept\n\n    return `a\n    b`;\n}\n"
        #expect(
            ScriptCompaction.compact(source)
                == "function f() {\nconst url = 'http://x'; // kept\nreturn `a\n    b`;\n}\n"
        )
    }

    @Test func blockCommentsLeaveTheFileAsWritten() {
        let source = "/* x */\n  a();\n"
        #expect(ScriptCompaction.compact(source) == source)
    }
}

@Suite struct StyleCompactionTests {
    @Test func dropsCommentsIndentationAndEmptyLinesOnly() {
        let source =
            "/* Colours:\n   why */\n:root {\n  --a: #fff; /* kept? no */\n\n  content: \"/* not a comment */\";\n}\n"
        #expect(StyleCompaction.compact(source) == ":root {\n--a: #fff; \ncontent: \"/* not a comment */\";\n}\n")
    }

    @Test func anUnclosedCommentRunsToTheEndAsInBrowsers() {
        #expect(StyleCompaction.compact("a { b: c; }\n/* open") == "a { b: c; }\n")
    }
}
