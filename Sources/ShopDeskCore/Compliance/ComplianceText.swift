import Foundation

/// A draft prepared once per check, in two views over Unicode scalars, each position remembering where
/// it came from in the original so that findings point at the text the agent typed.
///
/// - `folded`: one position per visible character: lower case, full-width forms as ASCII, Latin
///   diacritics removed ("Đặt" is "dat", so Vietnamese typed with and without diacritics reads the same),
///   Thai digits as ASCII, Traditional Chinese as Simplified (the rule data's folds), zero-width
///   characters and variation selectors dropped. Scanners for phones, e-mails and links read this.
/// - `words`: `folded` with every run of spaces, punctuation, symbols and emoji as one space, or as a
///   line break when the run ends a sentence, apostrophes removed ("don't" is "dont") and letters
///   spaced out one by one ("z a l o") joined. Phrase matching reads this, so "add-me on: Zalo!!" and
///   "add me on zalo" are the same words.
///
/// Each view has an `exact` twin that keeps Latin diacritics, for the few Vietnamese words whose
/// meaning changes without them ("ngu" is an insult, "ngủ" is sleep).
struct ComplianceText {
    static let space: UInt32 = 0x20
    static let sentenceBreak: UInt32 = 0x0A

    private(set) var folded: [UInt32] = []
    private(set) var exact: [UInt32] = []
    /// The original scalar range of each folded position (end exclusive): a position absorbs the
    /// combining marks and invisible characters after it.
    private(set) var originStart: [Int32] = []
    private(set) var originEnd: [Int32] = []

    private(set) var words: [UInt32] = []
    private(set) var wordsExact: [UInt32] = []
    /// The folded position of each words position (for a separator, its run's first character).
    private(set) var wordsPosition: [Int32] = []

    init(_ text: String, folds: [UInt32: UInt32]) {
        let capacity = text.utf8.count
        self.folded.reserveCapacity(capacity)
        self.exact.reserveCapacity(capacity)
        self.originStart.reserveCapacity(capacity)
        self.originEnd.reserveCapacity(capacity)
        var offset: Int32 = 0
        for scalar in text.unicodeScalars {
            self.add(scalar.value, at: offset, folds: folds)
            offset += 1
        }
        self.buildWords()
    }

    // MARK: Folding

    private mutating func append(_ folded: UInt32, _ exact: UInt32, at offset: Int32) {
        self.folded.append(folded)
        self.exact.append(exact)
        self.originStart.append(offset)
        self.originEnd.append(offset + 1)
    }

    private mutating func add(_ value: UInt32, at offset: Int32, folds: [UInt32: UInt32]) {
        if value < 0x80 {
            let lower = value >= 0x41 && value <= 0x5A ? value + 0x20 : value
            self.append(lower, lower, at: offset)
            return
        }
        switch value {
        case 0x0300...0x036F:
            // A combining mark (Vietnamese typed decomposed): part of the letter before it. The folded
            // view drops it; the exact view composes it so that it equals the precomposed spelling.
            guard let last = self.folded.indices.last else { return }
            self.originEnd[last] = offset + 1
            self.exact[last] = Self.compose(self.exact[last], value)
        case 0x200B...0x200D, 0x2060, 0xFEFF, 0xFE00...0xFE0F, 0x1F3FB...0x1F3FF, 0xE0000...0xE007F:
            // Invisible: zero-width spaces and joiners (a trick to split "za\u{200B}lo"), variation
            // selectors, skin tones and tag characters belong to the character before them.
            guard let last = self.folded.indices.last else { return }
            self.originEnd[last] = offset + 1
        case 0xFF01...0xFF5E:
            let ascii = value - 0xFEE0
            let lower = ascii >= 0x41 && ascii <= 0x5A ? ascii + 0x20 : ascii
            self.append(lower, lower, at: offset)
        case 0x00A0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000:
            self.append(Self.space, Self.space, at: offset)
        case 0x3002, 0xFF61, 0x2026:
            self.append(0x2E, 0x2E, at: offset)
        case 0x3001, 0xFF64:
            self.append(0x2C, 0x2C, at: offset)
        case 0x2018, 0x2019, 0x02BC:
            self.append(0x27, 0x27, at: offset)
        case 0x2010...0x2015, 0x2212:
            self.append(0x2D, 0x2D, at: offset)
        case 0x2605, 0x2606, 0x2B50, 0x1F31F:
            // Stars stand for review stars: "5⭐" reads as "5*".
            self.append(0x2A, 0x2A, at: offset)
        case 0x00C0...0x024F, 0x1E00...0x1EFF:
            let entry = LatinFolding.table[LatinFolding.index(value)]
            self.append(UInt32(truncatingIfNeeded: entry >> 32), UInt32(truncatingIfNeeded: entry), at: offset)
        case 0x0E50...0x0E59:
            self.append(value - 0x0E50 + 0x30, value - 0x0E50 + 0x30, at: offset)
        case 0x3400...0x9FFF, 0xF900...0xFAFF:
            let simplified = folds[value] ?? value
            self.append(simplified, simplified, at: offset)
        default:
            self.append(value, value, at: offset)
        }
    }

    /// `base` followed by the combining `mark`, as one precomposed scalar when Unicode has one.
    private static func compose(_ base: UInt32, _ mark: UInt32) -> UInt32 {
        guard let first = Unicode.Scalar(base), let second = Unicode.Scalar(mark) else { return base }
        var pair = String.UnicodeScalarView()
        pair.append(first)
        pair.append(second)
        let composed = String(pair).precomposedStringWithCanonicalMapping.unicodeScalars
        return composed.count == 1 ? composed.first!.value : base
    }

    // MARK: Words

    private mutating func buildWords() {
        let count = self.folded.count
        self.words.reserveCapacity(count)
        self.wordsExact.reserveCapacity(count)
        self.wordsPosition.reserveCapacity(count)
        var pending: UInt32 = 0
        var pendingPosition: Int32 = 0
        var spacedLetters = false
        for position in 0..<count {
            let scalar = self.folded[position]
            if Self.isWordScalar(scalar) {
                if pending != 0 {
                    if !self.words.isEmpty {
                        self.words.append(pending)
                        self.wordsExact.append(pending)
                        self.wordsPosition.append(pendingPosition)
                    }
                    pending = 0
                }
                // A lone letter, a space and another letter: maybe "z a l o" (joined below if so).
                let last = self.words.count - 1
                if !spacedLetters, last >= 1, self.words[last] == Self.space, Self.isLetter(scalar), Self.isLetter(self.words[last - 1]),
                    last == 1 || !Self.isWordScalar(self.words[last - 2])
                {
                    spacedLetters = true
                }
                self.words.append(scalar)
                self.wordsExact.append(self.exact[position])
                self.wordsPosition.append(Int32(position))
            } else if scalar == 0x27 {
                continue
            } else {
                let kind = self.endsSentence(at: position) ? Self.sentenceBreak : Self.space
                if pending == 0 {
                    pending = kind
                    pendingPosition = Int32(position)
                } else if kind == Self.sentenceBreak {
                    pending = kind
                }
            }
        }
        if spacedLetters {
            self.joinSpacedLetters()
        }
    }

    /// "!", "?", ";" and line breaks end a sentence; so does "." unless a letter or digit follows it
    /// at once (a decimal, a domain, "e.g").
    private func endsSentence(at position: Int) -> Bool {
        switch self.folded[position] {
        case 0x21, 0x3F, 0x3B, 0x0A, 0x0D:
            return true
        case 0x2E:
            return position + 1 >= self.folded.count || !Self.isWordScalar(self.folded[position + 1])
        default:
            return false
        }
    }

    /// Removes the spaces inside runs of three or more single letters ("w h a t s a p p"), which people
    /// type to get past filters; two lone letters ("size S M") stay apart.
    private mutating func joinSpacedLetters() {
        let current = self.words
        let count = current.count
        var keep = [Bool](repeating: true, count: count)
        // A lone letter: a letter with no word scalar on either side.
        func isLone(_ at: Int) -> Bool {
            at < count && Self.isLetter(current[at]) && (at == 0 || !Self.isWordScalar(current[at - 1]))
                && (at + 1 >= count || !Self.isWordScalar(current[at + 1]))
        }
        var index = 0
        while index < count {
            guard isLone(index) else {
                index += 1
                continue
            }
            var end = index
            while end + 2 < count, current[end + 1] == Self.space, isLone(end + 2) {
                end += 2
            }
            if (end - index) / 2 + 1 >= 3 {
                var space = index + 1
                while space < end {
                    keep[space] = false
                    space += 2
                }
            }
            index = end + 1
        }
        var words: [UInt32] = []
        var wordsExact: [UInt32] = []
        var wordsPosition: [Int32] = []
        words.reserveCapacity(count)
        wordsExact.reserveCapacity(count)
        wordsPosition.reserveCapacity(count)
        for index in 0..<count where keep[index] {
            words.append(current[index])
            wordsExact.append(self.wordsExact[index])
            wordsPosition.append(self.wordsPosition[index])
        }
        self.words = words
        self.wordsExact = wordsExact
        self.wordsPosition = wordsPosition
    }

    // MARK: Positions

    /// The original scalar range of folded positions `start..<end`.
    func originalRange(folded start: Int, _ end: Int) -> (start: Int, end: Int) {
        (Int(self.originStart[start]), Int(self.originEnd[end - 1]))
    }

    /// The original scalar range of words positions `start..<end`.
    func originalRange(words start: Int, _ end: Int) -> (start: Int, end: Int) {
        self.originalRange(folded: Int(self.wordsPosition[start]), Int(self.wordsPosition[end - 1]) + 1)
    }

    // MARK: Character classes

    /// Letters and digits of any script, and "*" (stars in "5*"): what words are made of.
    static func isWordScalar(_ scalar: UInt32) -> Bool {
        if scalar < 0x80 {
            return (scalar >= 0x61 && scalar <= 0x7A) || (scalar >= 0x30 && scalar <= 0x39) || scalar == 0x2A
        }
        switch scalar {
        case 0x00C0...0x024F, 0x1E00...0x1EFF, 0x0370...0x03FF, 0x0400...0x04FF: return scalar != 0xD7 && scalar != 0xF7
        case 0x0E01...0x0E3A, 0x0E40...0x0E4E: return true
        case 0x3040...0x30FF, 0x3400...0x9FFF, 0xF900...0xFAFF, 0xAC00...0xD7AF: return true
        default: return false
        }
    }

    /// Latin letters and ASCII digits: where a Latin phrase needs a word boundary.
    static func isLatinAlphanumeric(_ scalar: UInt32) -> Bool {
        if scalar < 0x80 {
            return (scalar >= 0x61 && scalar <= 0x7A) || (scalar >= 0x30 && scalar <= 0x39)
        }
        return (scalar >= 0xC0 && scalar <= 0x24F && scalar != 0xD7 && scalar != 0xF7) || (scalar >= 0x1E00 && scalar <= 0x1EFF)
    }

    static func isLetter(_ scalar: UInt32) -> Bool {
        scalar >= 0x61 && scalar <= 0x7A
    }

    static func isDigit(_ scalar: UInt32) -> Bool {
        scalar >= 0x30 && scalar <= 0x39
    }

    /// Thai vowels and tone marks written above or below a consonant: a Thai phrase cannot end just
    /// before one, or "กู" would match inside "กู้".
    static func isThaiMark(_ scalar: UInt32) -> Bool {
        scalar == 0x0E31 || (scalar >= 0x0E34 && scalar <= 0x0E3A) || (scalar >= 0x0E47 && scalar <= 0x0E4E)
    }
}

/// Lower-case and diacritic-free forms of the Latin letters Vietnamese, Malay, Indonesian and Tagalog
/// use, computed once from Unicode's decompositions.
enum LatinFolding {
    /// Index of `value` (in U+00C0…U+024F or U+1E00…U+1EFF) in `table`.
    static func index(_ value: UInt32) -> Int {
        value <= 0x24F ? Int(value - 0xC0) : Int(value - 0x1E00) + (0x250 - 0xC0)
    }

    /// Per letter: the folded scalar in the high 32 bits, the lower-case (diacritics kept) in the low.
    static let table: [UInt64] = {
        var table: [UInt64] = []
        for value in Array(0xC0...0x24F) + Array(0x1E00...0x1EFF) {
            guard let scalar = Unicode.Scalar(UInt32(value)) else {
                table.append(UInt64(value) << 32 | UInt64(value))
                continue
            }
            let lowerScalars = String(scalar).lowercased().unicodeScalars
            let lower = lowerScalars.count == 1 ? lowerScalars.first!.value : UInt32(value)
            var folded = lower
            if lower == 0x111 {
                folded = 0x64  // đ has no decomposition; it reads as d.
            } else if let base = Unicode.Scalar(lower).map({ String($0).decomposedStringWithCanonicalMapping.unicodeScalars.first! }),
                base.value < 0x80
            {
                folded = base.value
            }
            table.append(UInt64(folded) << 32 | UInt64(lower))
        }
        return table
    }()
}
