/// Plain-language figures for a page: the Flesch-Kincaid grade for English and the
/// Fernández Huerta score for Spanish. Editors aim for grade 8 or easier (Fernández Huerta 60+).
public struct ReadabilityScore: Sendable, Hashable {
    public var words: Int
    public var sentences: Int
    public var syllables: Int
    public var language: String

    /// U.S. school grade; lower is easier.
    public var fleschKincaidGrade: Double {
        guard words > 0, sentences > 0 else { return 0 }
        return 0.39 * Double(words) / Double(sentences) + 11.8 * Double(syllables) / Double(words) - 15.59
    }

    /// 0-100; higher is easier; 60-70 reads like plain everyday Spanish. Fernández Huerta's
    /// adaptation of Flesch, in its corrected form: the second term is words per sentence.
    public var fernandezHuerta: Double {
        guard words > 0, sentences > 0 else { return 0 }
        let syllablesPer100 = 100 * Double(syllables) / Double(words)
        let wordsPerSentence = Double(words) / Double(sentences)
        return 206.84 - 0.60 * syllablesPer100 - 1.02 * wordsPerSentence
    }

    /// The figure used for this language, and whether it meets the plain-language target.
    public var figure: (name: String, value: Double, isPlain: Bool)? {
        switch language {
        case "en": return ("grade", fleschKincaidGrade, fleschKincaidGrade <= 8.5)
        case "es": return ("Fernández Huerta", fernandezHuerta, fernandezHuerta >= 60)
        default: return nil
        }
    }
}

public enum Readability {
    /// Measures the text of rendered page HTML: every block (paragraph, list item, heading,
    /// table cell) ends a sentence, since editors write lists without full stops.
    public static func measure(html: String, language: String) -> ReadabilityScore {
        measure(text: TextExtraction.sentences(fromHTML: html), language: language)
    }

    public static func measure(text: String, language: String) -> ReadabilityScore {
        var words = 0
        var syllables = 0
        var sentences = 0
        var inSentence = false
        var word: [Unicode.Scalar] = []
        func endWord() {
            guard !word.isEmpty else { return }
            words += 1
            syllables += language == "es" ? Syllables.spanish(word) : Syllables.english(word)
            word.removeAll(keepingCapacity: true)
            inSentence = true
        }
        for character in text.unicodeScalars {
            if isWordScalar(character) || (character == "'" && !word.isEmpty) {
                word.append(character)
            } else {
                endWord()
                if character == "." || character == "!" || character == "?", inSentence {
                    sentences += 1
                    inSentence = false
                }
            }
        }
        endWord()
        if inSentence { sentences += 1 }
        return ReadabilityScore(words: words, sentences: max(sentences, words > 0 ? 1 : 0), syllables: syllables, language: language)
    }
}

/// Letters (any script, with accents) and digits make words; ASCII is checked first for speed.
func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.isASCII {
        let value = scalar.value
        return (value >= 48 && value <= 57) || (value >= 65 && value <= 90) || (value >= 97 && value <= 122)
    }
    return scalar.properties.isAlphabetic
}

/// Syllable counts by vowel groups. Works on scalar values with switches: this runs over every
/// word of the site, and Character sets and `lowercased()` were most of the build's time.
enum Syllables {
    /// Lowercase for ASCII and Latin-1 letters, the ones these formulas care about.
    @inline(__always) static func lower(_ scalar: Unicode.Scalar) -> UInt32 {
        let value = scalar.value
        if (value >= 65 && value <= 90) || (value >= 0xC0 && value <= 0xDE && value != 0xD7) { return value + 32 }
        return value
    }

    static func english(_ word: [Unicode.Scalar]) -> Int {
        let letters = word.map(lower).filter { ($0 >= 97 && $0 <= 122) || $0 >= 0xC0 }
        if letters.count <= 3 { return 1 }
        func isVowel(_ value: UInt32) -> Bool {
            switch value {
            case 97, 101, 105, 111, 117, 121: return true  // a e i o u y
            default: return false
            }
        }
        var count = 0
        var previousVowel = false
        for letter in letters {
            let vowel = isVowel(letter)
            if vowel && !previousVowel { count += 1 }
            previousVowel = vowel
        }
        let n = letters.count
        // A silent final "e" (make, care), but not "-le" (table) or "-ee".
        if letters[n - 1] == 101, letters[n - 2] != 108, !isVowel(letters[n - 2]) { count -= 1 }
        // "-ed" is silent except after t or d (walked, but wanted).
        if letters[n - 2] == 101, letters[n - 1] == 100, letters[n - 3] != 116, letters[n - 3] != 100 { count -= 1 }
        return max(count, 1)
    }

    /// Vowel nuclei: two strong vowels (a, e, o, or any accented vowel) side by side are two
    /// syllables (hiatus); a weak vowel (i, u, ü) joins its neighbour (diphthong).
    static func spanish(_ word: [Unicode.Scalar]) -> Int {
        func isStrong(_ value: UInt32) -> Bool {
            switch value {
            case 97, 101, 111, 0xE1, 0xE9, 0xED, 0xF3, 0xFA: return true  // a e o á é í ó ú
            default: return false
            }
        }
        var count = 0
        var previous: UInt32?
        let letters = word.map(lower)
        for (index, letter) in letters.enumerated() {
            let strong = isStrong(letter)
            // "y" is a vowel only at the end of a word ("hoy", "y").
            let weak = letter == 105 || letter == 117 || letter == 0xFC || (letter == 121 && index == letters.count - 1)
            guard strong || weak else {
                previous = nil
                continue
            }
            if let before = previous {
                if strong && isStrong(before) { count += 1 }
            } else {
                count += 1
            }
            previous = letter
        }
        return max(count, 1)
    }
}

enum TextExtraction {
    static let blockEnds: Set<String> = ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "blockquote", "pre"]

    /// Text of the HTML with a full stop at the end of every block that lacks one.
    static func sentences(fromHTML html: String) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(html.utf8.count)
        var tag: [UInt8] = []
        var inTag = false
        let stops: Set<UInt8> = [UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: ":")]
        for byte in html.utf8 {
            if inTag {
                if byte == UInt8(ascii: ">") {
                    inTag = false
                    if tag.first == UInt8(ascii: "/") {
                        let name = String(decoding: tag.dropFirst().prefix { $0 != UInt8(ascii: " ") }, as: UTF8.self).lowercased()
                        if blockEnds.contains(name) {
                            if let last = text.last(where: { $0 != 32 && $0 != 10 }), !stops.contains(last) {
                                text.append(UInt8(ascii: "."))
                            }
                            text.append(32)
                        }
                    }
                    tag.removeAll(keepingCapacity: true)
                } else {
                    tag.append(byte)
                }
            } else if byte == UInt8(ascii: "<") {
                inTag = true
            } else {
                text.append(byte)
            }
        }
        return String(decoding: text, as: UTF8.self)
    }
}
