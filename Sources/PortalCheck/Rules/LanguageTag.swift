import Foundation

/// BCP 47 language tags, as far as a page's `lang` needs: a registered primary language subtag
/// (or `x-` private use), then subtags of one to eight letters or digits. Like the W3C ACT rule
/// bf051a, only the primary subtag is looked up; the rest is checked for shape.
enum LanguageTag {
    static func isValid(_ tag: String) -> Bool {
        // Foundation's trimming only when an end may be whitespace: this runs on every page.
        let trimmed = Self.mayHaveOuterSpace(tag) ? tag.trimmingCharacters(in: .whitespaces) : tag
        let subtags = trimmed.lowercased().split(separator: "-", omittingEmptySubsequences: false)
        guard let primary = subtags.first else { return false }
        for subtag in subtags where subtag.isEmpty || subtag.count > 8 || !subtag.allSatisfy(isAlphanumeric) {
            return false
        }
        if primary == "x" { return subtags.count > 1 }
        guard primary.allSatisfy(\.isLetter) else { return false }
        switch primary.count {
        case 2: return LanguageSubtags.twoLetter.contains(primary)
        case 3: return LanguageSubtags.threeLetter.contains(primary) || isPrivateUse(primary)
        default: return false
        }
    }

    private static func mayHaveOuterSpace(_ tag: String) -> Bool {
        guard let first = tag.utf8.first, let last = tag.utf8.last else { return false }
        func maybeSpace(_ byte: UInt8) -> Bool { byte >= 0x80 || byte == 0x20 || byte == 0x09 }
        return maybeSpace(first) || maybeSpace(last)
    }

    private static func isAlphanumeric(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber)
    }

    /// qaa to qtz are reserved for private use.
    private static func isPrivateUse(_ code: Substring) -> Bool {
        let letters = Array(code)
        return letters[0] == "q" && letters[1] >= "a" && letters[1] <= "t"
    }
}
