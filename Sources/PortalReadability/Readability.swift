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
        var word: [Character] = []
        func endWord() {
            guard !word.isEmpty else { return }
            words += 1
            syllables += language == "es" ? Syllables.spanish(word) : Syllables.english(word)
            word.removeAll(keepingCapacity: true)
            inSentence = true
        }
        for character in text {
            if character.isLetter || (character.isNumber && !word.isEmpty) || (character == "'" && !word.isEmpty) {
                word.append(character)
            } else if character.isNumber {
                word.append(character)
            } else {
                endWord()
                if ".!?".contains(character), inSentence {
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

enum Syllables {
    static func english(_ word: [Character]) -> Int {
        let letters = word.map { Character($0.lowercased()) }.filter { $0.isLetter }
        if letters.isEmpty { return 1 }
        if letters.count <= 3 { return 1 }
        let vowels: Set<Character> = ["a", "e", "i", "o", "u", "y"]
        var count = 0
        var previousVowel = false
        for letter in letters {
            let isVowel = vowels.contains(letter)
            if isVowel && !previousVowel { count += 1 }
            previousVowel = isVowel
        }
        // A silent final "e" (make, care), but not "-le" (table) or "-ee".
        if letters.last == "e", letters.count > 2, letters[letters.count - 2] != "l", !vowels.contains(letters[letters.count - 2]) {
            count -= 1
        }
        if letters.count > 2, letters.suffix(2) == ["e", "d"], !["t", "d"].contains(letters[letters.count - 3]) {
            count -= 1
        }
        return max(count, 1)
    }

    /// Vowel nuclei: two strong vowels (a, e, o, or any accented vowel) side by side are two
    /// syllables (hiatus); a weak vowel (i, u, ü) joins its neighbour (diphthong).
    static func spanish(_ word: [Character]) -> Int {
        let letters = word.map { Character($0.lowercased()) }
        let strong: Set<Character> = ["a", "e", "o", "á", "é", "í", "ó", "ú"]
        let weak: Set<Character> = ["i", "u", "ü", "y"]
        var count = 0
        var previous: Character?
        for (index, letter) in letters.enumerated() {
            let isStrong = strong.contains(letter)
            // "y" is a vowel only at the end of a word ("hoy", "y").
            let isWeak = weak.contains(letter) && (letter != "y" || index == letters.count - 1)
            guard isStrong || isWeak else {
                previous = nil
                continue
            }
            if let before = previous {
                if isStrong && strong.contains(before) { count += 1 }
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
        var text = ""
        var tag = ""
        var inTag = false
        for character in html {
            if inTag {
                if character == ">" {
                    inTag = false
                    let name = tag.lowercased().drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }
                    if tag.hasPrefix("/"), blockEnds.contains(String(name)) {
                        let trimmed = text.last { !$0.isWhitespace }
                        if let last = trimmed, !".!?:".contains(last) { text += "." }
                        text += " "
                    }
                    tag = ""
                } else {
                    tag.append(character)
                }
            } else if character == "<" {
                inTag = true
            } else {
                text.append(character)
            }
        }
        return text
    }
}
