import Foundation

/// How text becomes search tokens, the same way for the messages indexed and for the words searched,
/// whatever the database engine.
///
/// Thai, Lao, Khmer, Myanmar, Chinese, Japanese and Korean are written without spaces between words,
/// and their words are often one or two characters long (手机, ส้ม), too short for a trigram index. So a
/// run of characters of those scripts becomes its overlapping character bigrams plus its last
/// character alone (手机壳 → 手机 机壳 壳), the approach of CJK bigram indexing (Lucene's
/// `CJKBigramFilter`). A query run of two or more characters becomes its bigrams as one phrase, which
/// matches exactly the runs that contain it; a single character is searched as a prefix, which finds
/// it at any place in a run (as the first character of a bigram, or as the last character alone).
/// Other scripts are split into words of letters and digits, lower-cased with accents removed (so
/// `Điện` finds `dien`), and each query word matches words that begin with it (`ord` finds `order`).
/// Characters are grapheme clusters after NFKC normalisation, so full-width `ＡＢＣ` is `abc` and a
/// Thai consonant keeps its vowel and tone marks.
public enum SearchText {
    /// Tokens that must appear one after another; with `isPrefix`, the last may be the start of a token.
    public struct Phrase: Sendable, Hashable {
        public var tokens: [String]
        public var isPrefix: Bool

        public init(tokens: [String], isPrefix: Bool) {
            self.tokens = tokens
            self.isPrefix = isPrefix
        }
    }

    /// The longest query accepted, in characters: longer ones are not what a search box is for and
    /// would make an index query of hundreds of phrases.
    public static let maximumQueryLength = 200

    /// The tokens to index for `text`, in text order.
    public static func documentTokens(_ text: String) -> [String] {
        var tokens: [String] = []
        for segment in self.segments(text) {
            switch segment {
            case .word(let word):
                tokens.append(word)
            case .run(let characters):
                tokens.append(contentsOf: self.bigrams(characters))
                tokens.append(characters[characters.count - 1])
            }
        }
        return tokens
    }

    /// What a message must contain to match `query`: every phrase (an empty list when the query has
    /// no letters or digits, which matches nothing).
    public static func queryPhrases(_ query: String) -> [Phrase] {
        var phrases: [Phrase] = []
        for segment in self.segments(query) {
            let phrase: Phrase
            switch segment {
            case .word(let word):
                phrase = Phrase(tokens: [word], isPrefix: true)
            case .run(let characters) where characters.count == 1:
                phrase = Phrase(tokens: characters, isPrefix: true)
            case .run(let characters):
                phrase = Phrase(tokens: self.bigrams(characters), isPrefix: false)
            }
            if !phrases.contains(phrase) { phrases.append(phrase) }
        }
        return phrases
    }

    /// The runs of `query` as typed (not normalised), when it is made of runs of scripts written
    /// without spaces only (`手机 耳机`, `ทุเรียน`); nil otherwise. A message contains such a run
    /// exactly when the run's bigram phrase matches, so the text itself can be checked instead of the
    /// index where that is cheaper.
    public static func runs(in query: String) -> [String]? {
        var runs: [String] = []
        for segment in self.segments(query, normalizing: false) {
            guard case .run(let characters) = segment else { return nil }
            if !runs.contains(characters.joined()) { runs.append(characters.joined()) }
        }
        return runs.isEmpty ? nil : runs
    }

    enum Segment: Equatable {
        /// A folded word of a script written with spaces.
        case word(String)
        /// The characters of a run of a script written without spaces.
        case run([String])
    }

    static func segments(_ text: String, normalizing: Bool = true) -> [Segment] {
        var segments: [Segment] = []
        var word = ""
        var run: [String] = []
        func flush() {
            if !word.isEmpty { segments.append(.word(self.fold(word))) }
            if !run.isEmpty { segments.append(.run(run)) }
            word = ""
            run = []
        }
        // Normalising is the slow part, and ASCII text is already normal (ingest runs this on every message).
        let normal = !normalizing || text.utf8.allSatisfy { $0 < 0x80 } ? text : text.precomposedStringWithCompatibilityMapping
        for character in normal {
            guard let first = character.unicodeScalars.first else { continue }
            if self.isWrittenWithoutSpaces(first) {
                if !word.isEmpty { flush() }
                run.append(String(character))
            } else if first.properties.isAlphabetic || first.properties.numericType != nil {
                if !run.isEmpty { flush() }
                word.append(character)
            } else {
                flush()
            }
        }
        flush()
        return segments
    }

    static func bigrams(_ characters: [String]) -> [String] {
        guard characters.count > 1 else { return characters }
        return (1..<characters.count).map { characters[$0 - 1] + characters[$0] }
    }

    /// Lower case without accents: canonical decomposition, then the combining marks dropped. `đ` has
    /// no decomposition, so it is mapped by hand (Vietnamese types `d` for it when searching).
    static func fold(_ word: String) -> String {
        if word.utf8.allSatisfy({ $0 < 0x80 }) { return word.lowercased() }
        var folded = String.UnicodeScalarView()
        for scalar in word.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark: continue
            default: folded.append(scalar == "đ" ? "d" : scalar)
            }
        }
        return String(folded)
    }

    /// Scripts written without spaces between words (Unicode blocks), plus Hangul, whose words take
    /// particles that a word search would miss.
    static func isWrittenWithoutSpaces(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0E00...0x0EFF,  // Thai, Lao
            0x1000...0x109F,  // Myanmar
            0x1780...0x17FF,  // Khmer
            0x3040...0x30FF,  // Hiragana, Katakana
            0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF,  // Han
            0x1100...0x11FF, 0xAC00...0xD7AF:  // Hangul
            return true
        default:
            return false
        }
    }
}
