import PortalTheme
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

@Suite struct ScriptCompactionTests {
    @Test func dropsCommentLinesAndIndentationOnly() {
        let source = "// why\nfunction f() {\n    const url = 'http://x'; // kept\n\n    return `a\n    b`;\n}\n"
        #expect(ScriptCompaction.compact(source) == "function f() {\nconst url = 'http://x'; // kept\nreturn `a\n    b`;\n}\n")
    }

    @Test func blockCommentsLeaveTheFileAsWritten() {
        let source = "/* x */\n  a();\n"
        #expect(ScriptCompaction.compact(source) == source)
    }
}
