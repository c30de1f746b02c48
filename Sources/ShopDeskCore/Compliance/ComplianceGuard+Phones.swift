/// Phone numbers, however they are written: grouped with spaces, dots, dashes or brackets, with "+" or
/// "00" and a country code, one digit at a time, with "o" for 0 and "l" for 1, in full-width or Thai
/// digits, or spelled out in words ("không chín không chín…", "ศูนย์แปด…", "零九…").
///
/// Digits are read into runs; every stretch of whole digit groups in a run is tested against the
/// markets' numbering plans (data), longest first, so "Order 12345. 0909 123 456" still finds the
/// phone. What keeps order, tracking and model numbers, prices and dates out:
/// - digits glued to letters ("SPXVN0123456789", "256GB", "199k") are an identifier, not digits;
/// - "/", ":" and "," end a run (dates, times, sizes "38/39", lists);
/// - a number with thousands separators that does not start with 0 is an amount ("1.290.000");
/// - numbers written without a trunk prefix (SG, CN mobiles, US) count outside their own market only
///   when grouped like a phone or after a phone word, and nothing counts right after an order or
///   tracking word ("mã đơn", "resi", "单号");
/// - digits spelled as words count only three or more in a row ("năm 2024" is a year).
extension ComplianceGuard {
    /// One digit read from the draft, in folded positions.
    struct DigitAtom {
        var digit: UInt8
        var start: Int
        var end: Int
        /// Spelled out as a word.
        var spelled: Bool
        /// Separator characters between the previous atom and this one.
        var gap: Int
        /// The separator when `gap` is 1.
        var separator: UInt32
    }

    /// Separators allowed inside a phone number, at most three in a row.
    static func isPhoneSeparator(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x20, 0x2E, 0x2D, 0x28, 0x29, 0x5F, 0x7E, 0x7C, 0x2A, 0x09: true
        default: false
        }
    }

    func scanPhones(_ text: ComplianceText, matches: [PhraseMatch], market: String, into found: inout [RawFinding]) {
        let folded = text.folded
        let count = folded.count
        // Spelled digits and cue words, in folded positions.
        var spelled: [(start: Int, end: Int, digit: UInt8)] = []
        var phoneCues: [Int] = []
        var referenceCues: [Int] = []
        for match in matches {
            switch match.role {
            case .digit(let digit):
                spelled.append((Int(text.wordsPosition[match.start]), Int(text.wordsPosition[match.end - 1]) + 1, digit))
            case .phoneCue:
                phoneCues.append(Int(text.wordsPosition[match.end - 1]) + 1)
            case .referenceCue:
                referenceCues.append(Int(text.wordsPosition[match.end - 1]) + 1)
            default:
                break
            }
        }
        // Quick exit: no digit of any kind, no phone.
        guard !spelled.isEmpty || folded.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return }
        spelled.sort { ($0.start, $1.end) < ($1.start, $0.end) }

        var run: [DigitAtom] = []
        var gap = 0
        var separator: UInt32 = 0
        // A comma after a spelled digit: "kosong satu dua, tiga empat lima" pauses, it does not end the
        // number; a written digit after it starts a new run ("two, 38 and 39").
        var commaAfterSpelled = false
        func close() {
            commaAfterSpelled = false
            if !run.isEmpty {
                self.evaluate(run, text: text, market: market, phoneCues: phoneCues, referenceCues: referenceCues, into: &found)
                run.removeAll(keepingCapacity: true)
            }
            gap = 0
        }
        func append(_ digit: UInt8, _ start: Int, _ end: Int, spelled: Bool) {
            if commaAfterSpelled, !spelled { close() }
            commaAfterSpelled = false
            run.append(DigitAtom(digit: digit, start: start, end: end, spelled: spelled, gap: run.isEmpty ? 0 : gap, separator: separator))
            gap = 0
            separator = 0
        }
        var spelledIndex = 0
        var position = 0
        while position < count {
            while spelledIndex < spelled.count, spelled[spelledIndex].start < position { spelledIndex += 1 }
            if spelledIndex < spelled.count, spelled[spelledIndex].start == position {
                let word = spelled[spelledIndex]
                append(word.digit, word.start, word.end, spelled: true)
                position = word.end
                continue
            }
            let scalar = folded[position]
            if ComplianceText.isLatinAlphanumeric(scalar) {
                // A whole token: digits (with "o" for 0 and "l" for 1) or an identifier or word.
                var end = position
                var hasDigit = false
                var onlyDigits = true
                while end < count, ComplianceText.isLatinAlphanumeric(folded[end]) {
                    let value = folded[end]
                    if ComplianceText.isDigit(value) {
                        hasDigit = true
                    } else if value != 0x6F, value != 0x6C {
                        onlyDigits = false
                    }
                    end += 1
                }
                if hasDigit, onlyDigits {
                    for index in position..<end {
                        let value = folded[index]
                        append(value == 0x6F ? 0 : value == 0x6C ? 1 : UInt8(value - 0x30), index, index + 1, spelled: false)
                    }
                } else {
                    close()
                }
                position = end
                continue
            }
            if !run.isEmpty, gap < 3, Self.isPhoneSeparator(scalar) || (scalar == 0x2C && run.last!.spelled) {
                gap += 1
                separator = gap == 1 ? scalar : 0
                if scalar == 0x2C { commaAfterSpelled = true }
            } else {
                close()
            }
            position += 1
        }
        close()
    }

    /// Finds the phone numbers in one run of digits.
    private func evaluate(
        _ atoms: [DigitAtom], text: ComplianceText, market: String, phoneCues: [Int], referenceCues: [Int], into found: inout [RawFinding]
    ) {
        // Spelled digits count only three or more in a run; fewer are ordinary words that split it.
        let spelledCount = atoms.reduce(0) { $0 + ($1.spelled ? 1 : 0) }
        if spelledCount > 0, spelledCount < 3 {
            var part: [DigitAtom] = []
            for atom in atoms {
                if atom.spelled {
                    if !part.isEmpty {
                        self.evaluate(part, text: text, market: market, phoneCues: phoneCues, referenceCues: referenceCues, into: &found)
                    }
                    part.removeAll()
                } else {
                    var atom = atom
                    if part.isEmpty { atom.gap = 0 }
                    part.append(atom)
                }
            }
            if !part.isEmpty { self.evaluate(part, text: text, market: market, phoneCues: phoneCues, referenceCues: referenceCues, into: &found) }
            return
        }
        guard atoms.count >= 7 else { return }
        // Groups: digits written together; a spelled digit is a group of its own.
        var groupStarts: [Int] = []
        for (index, atom) in atoms.enumerated() where index == 0 || atom.gap > 0 || atom.spelled || atoms[index - 1].spelled {
            groupStarts.append(index)
        }
        groupStarts.append(atoms.count)
        let groupCount = groupStarts.count - 1
        var first = 0
        while first < groupCount {
            var matched: Int?
            var last = groupCount - 1
            while last >= first {
                let digitCount = groupStarts[last + 1] - groupStarts[first]
                if digitCount >= 7, digitCount <= 15,
                    self.isPhone(
                        atoms, groups: groupStarts, first, last, text: text, market: market, phoneCues: phoneCues, referenceCues: referenceCues)
                {
                    matched = last
                    break
                }
                last -= 1
            }
            if let matched {
                var start = atoms[groupStarts[first]].start
                let end = atoms[groupStarts[matched + 1] - 1].end
                if let plus = Self.plusSign(text.folded, before: start) {
                    start = plus
                } else if start > 0, text.folded[start - 1] == 0x28 {
                    start -= 1  // "(02) 8123 4567"
                }
                Self.addContact(.phoneNumber, text, start, end, into: &found)
                first = matched + 1
            } else {
                first += 1
            }
        }
    }

    /// Whether groups `first...last` of a run are a phone number.
    private func isPhone(
        _ atoms: [DigitAtom], groups groupStarts: [Int], _ first: Int, _ last: Int, text: ComplianceText, market: String,
        phoneCues: [Int], referenceCues: [Int]
    ) -> Bool {
        let from = groupStarts[first]
        let to = groupStarts[last + 1]
        var digits = atoms[from..<to].map(\.digit)
        let sizes = (first...last).map { groupStarts[$0 + 1] - groupStarts[$0] }
        let start = atoms[from].start
        let runStart = atoms[0].start
        var international = Self.plusSign(text.folded, before: start) != nil
        if !international, digits.count > 9, digits[0] == 0, digits[1] == 0 {
            digits.removeFirst(2)
            international = true
        }
        if !international {
            // An amount: "1.290.000", "150,000" (thousands groups after a first group of 1–3 digits).
            if digits[0] != 0, sizes.count >= 2, sizes[0] <= 3, sizes.dropFirst().allSatisfy({ $0 == 3 }),
                (first + 1...last).allSatisfy({ atoms[groupStarts[$0]].gap == 1 && atoms[groupStarts[$0]].separator == 0x2E })
            {
                return false
            }
            // Right after an order, tracking or serial word, the whole run is that number.
            if referenceCues.contains(where: { $0 <= runStart && runStart - $0 <= 8 }) { return false }
        }
        let cued = phoneCues.contains { $0 <= start && start - $0 <= 16 }
        let groups = atoms[from].spelled ? [] : sizes
        // Part of a longer run ("1234-5678-9012-3456"), a number without trunk prefix or country code
        // is just some of its digits.
        let wholeRun = first == 0 && last == groupStarts.count - 2
        return self.phonePlans.contains { plan in
            plan.isNumber(digits, international: international, groups: groups, inMarket: plan.market == market, cued: cued, wholeRun: wholeRun)
        }
    }

    /// The position of a "+" just before a number ("+84", "(+84) ", "+ 84"), if there is one.
    static func plusSign(_ folded: [UInt32], before start: Int) -> Int? {
        var position = start - 1
        var skipped = 0
        while position >= 0, skipped < 2, folded[position] == ComplianceText.space || folded[position] == 0x28 {
            position -= 1
            skipped += 1
        }
        guard position >= 0, folded[position] == 0x2B else { return nil }
        if position > 0, folded[position - 1] == 0x28 { return position - 1 }
        return position
    }
}
