/// Plain-language figures for a page: the Flesch-Kincaid grade for English and the
/// Fernández Huerta score for Spanish. Editors aim for grade 8 or easier (Fernández Huerta 60+).
public struct ReadabilityScore: Sendable, Hashable {
    public var words: Int
    public var sentences: Int
    public var syllables: Int
    public var language: String

    public init(words: Int, sentences: Int, syllables: Int, language: String) {
        self.words = words
        self.sentences = sentences
        self.syllables = syllables
        self.language = language
    }

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
        let text = TextExtraction.sentences(fromHTML: html)
        return text.withUnsafeBufferPointer { measure(utf8: $0, language: language) }
    }

    public static func measure(text: String, language: String) -> ReadabilityScore {
        var text = text
        return text.withUTF8 { measure(utf8: $0, language: language) }
    }

    /// One pass over the UTF-8 bytes with one reused word buffer: this runs over every word of
    /// the site on every build, so nothing is allocated per word.
    static func measure(utf8 text: UnsafeBufferPointer<UInt8>, language: String) -> ReadabilityScore {
        let spanish = language == "es"
        var words = 0
        var syllables = 0
        var sentences = 0
        var inSentence = false
        // The current word's scalars, lowercased (`Syllables.lower`). A "word" longer than 256
        // letters (no real one is) is counted by its first 256.
        let capacity = 256
        let word = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity)
        let scratch = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity)
        defer {
            word.deallocate()
            scratch.deallocate()
        }
        var length = 0
        func endWord() {
            guard length > 0 else { return }
            words += 1
            let letters = UnsafeBufferPointer(start: word, count: length)
            syllables += spanish ? Syllables.spanish(letters) : Syllables.english(letters, scratch: scratch)
            length = 0
            inSentence = true
        }
        var index = 0
        while index < text.count {
            let (value, size) = UTF8Scalar.decode(text, at: index)
            index += size
            if isWordScalar(value) || (value == 0x27 && length > 0) {  // '
                if length < capacity {
                    word[length] = Syllables.lower(value)
                    length += 1
                }
                continue
            }
            endWord()
            if value == 0x2E || value == 0x21 || value == 0x3F, inSentence {  // . ! ?
                sentences += 1
                inSentence = false
            }
        }
        endWord()
        if inSentence { sentences += 1 }
        return ReadabilityScore(
            words: words,
            sentences: max(sentences, words > 0 ? 1 : 0),
            syllables: syllables,
            language: language
        )
    }
}

/// Decodes one scalar of valid UTF-8 (the bytes of a Swift String).
enum UTF8Scalar {
    @inline(__always) static func decode(
        _ bytes: UnsafeBufferPointer<UInt8>,
        at index: Int
    ) -> (value: UInt32, length: Int) {
        let lead = UInt32(bytes[index])
        if lead < 0x80 { return (lead, 1) }
        func continuation(_ offset: Int) -> UInt32 {
            index + offset < bytes.count ? UInt32(bytes[index + offset]) & 0x3F : 0
        }
        if lead < 0xE0 { return ((lead & 0x1F) << 6 | continuation(1), 2) }
        if lead < 0xF0 { return ((lead & 0x0F) << 12 | continuation(1) << 6 | continuation(2), 3) }
        return ((lead & 0x07) << 18 | continuation(1) << 12 | continuation(2) << 6 | continuation(3), 4)
    }
}

/// Letters (any script, with accents) and digits make words; ASCII is checked first for speed.
func isWordScalar(_ value: UInt32) -> Bool {
    if value < 0x80 {
        return (value >= 48 && value <= 57) || (value >= 65 && value <= 90) || (value >= 97 && value <= 122)
    }
    return Unicode.Scalar(value)?.properties.isAlphabetic ?? false
}

/// Syllable counts by vowel groups. Works on scalar values with switches: this runs over every
/// word of the site, and Character sets and `lowercased()` were most of the build's time.
enum Syllables {
    /// Lowercase for ASCII and Latin-1 letters, the ones these formulas care about.
    @inline(__always) static func lower(_ value: UInt32) -> UInt32 {
        if (value >= 65 && value <= 90) || (value >= 0xC0 && value <= 0xDE && value != 0xD7) { return value + 32 }
        return value
    }

    /// `word` is lowercased already; `scratch` (as long as `word`) is reused to hold its letters.
    static func english(_ word: UnsafeBufferPointer<UInt32>, scratch: UnsafeMutablePointer<UInt32>) -> Int {
        var n = 0
        for value in word where (value >= 97 && value <= 122) || value >= 0xC0 {
            scratch[n] = value
            n += 1
        }
        if n <= 3 { return 1 }
        let letters = UnsafeBufferPointer(start: scratch, count: n)
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
        // A silent final "e" (make, care), but not "-le" (table) or "-ee".
        if letters[n - 1] == 101, letters[n - 2] != 108, !isVowel(letters[n - 2]) { count -= 1 }
        // "-ed" is silent except after t or d (walked, but wanted).
        if letters[n - 2] == 101, letters[n - 1] == 100, letters[n - 3] != 116, letters[n - 3] != 100 { count -= 1 }
        return max(count, 1)
    }

    /// Vowel nuclei: two strong vowels (a, e, o, or any accented vowel) side by side are two
    /// syllables (hiatus); a weak vowel (i, u, ü) joins its neighbour (diphthong).
    /// `letters` is lowercased already.
    static func spanish(_ letters: UnsafeBufferPointer<UInt32>) -> Int {
        func isStrong(_ value: UInt32) -> Bool {
            switch value {
            case 97, 101, 111, 0xE1, 0xE9, 0xED, 0xF3, 0xFA: return true  // a e o á é í ó ú
            default: return false
            }
        }
        var count = 0
        var previous: UInt32?
        for index in 0..<letters.count {
            let letter = letters[index]
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
    /// Closing tags that end a block, as lowercase bytes.
    static let blockEnds: [[UInt8]] = [
        "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "blockquote", "pre",
    ]
    .map { Array($0.utf8) }

    /// Text of the HTML with a full stop at the end of every block that lacks one, as UTF-8.
    static func sentences(fromHTML html: String) -> [UInt8] {
        var text: [UInt8] = []
        text.reserveCapacity(html.utf8.count)
        var html = html
        html.withUTF8 { bytes in
            var tagStart: Int?  // just after the `<` of the tag being read
            for index in 0..<bytes.count {
                let byte = bytes[index]
                if let start = tagStart {
                    guard byte == UInt8(ascii: ">") else { continue }
                    tagStart = nil
                    guard start < index, bytes[start] == UInt8(ascii: "/") else { continue }
                    var end = start + 1
                    while end < index && bytes[end] != UInt8(ascii: " ") { end += 1 }
                    guard endsBlock(UnsafeBufferPointer(rebasing: bytes[(start + 1)..<end])) else { continue }
                    if let last = text.last(where: { $0 != 32 && $0 != 10 }), !isStop(last) {
                        text.append(UInt8(ascii: "."))
                    }
                    text.append(32)
                } else if byte == UInt8(ascii: "<") {
                    tagStart = index + 1
                } else {
                    text.append(byte)
                }
            }
        }
        return text
    }

    private static func isStop(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: ":")
    }

    private static func endsBlock(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        blockEnds.contains { end in
            end.count == name.count && zip(end, name).allSatisfy { $0 == ($1 >= 65 && $1 <= 90 ? $1 + 32 : $1) }
        }
    }
}
