/// Finds and masks a buyer's phone numbers, e-mail addresses and postal addresses in message text,
/// so that agents see "09•• ••• •78" unless their role allows them to reveal it and they ask.
///
/// Phones and e-mails come from the compliance guard's own scanners (every obfuscation it knows, the
/// market's numbering plan), so what the guard stops an agent from sending is what the masker hides
/// when a buyer sends it. Addresses are recognised by the words that name their parts ("đường",
/// "Jalan", "ถนน", "路"…) next to a house or unit number, or two such words on one line; the whole
/// rest of that line is masked. Masking keeps spaces and punctuation, so offsets and layout stay.
public struct PersonalDataMasker: Sendable {
    /// The kinds of personal data found.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case phone
        case email
        case address
    }

    /// One piece of personal data: its kind and its Unicode scalar offsets (end exclusive).
    public struct Span: Sendable, Hashable {
        public var kind: Kind
        public var start: Int
        public var end: Int

        public init(kind: Kind, start: Int, end: Int) {
            self.kind = kind
            self.start = start
            self.end = end
        }
    }

    /// The scalar every masked letter or digit becomes.
    public static let maskCharacter: Unicode.Scalar = "•"

    /// Words naming parts of an address, as typed (lower case, with their diacritics, which keep
    /// "quận" (district) apart from "quần" (trousers)). Latin words must stand alone; Thai and
    /// Chinese ones may be written against their neighbours. Words that are as often units or order
    /// words ("no.", "unit", "lot", "kg.", Thai "ม." for metres) are left out: masking an order number
    /// would hide what the agent needs.
    static let addressWords: [String] = [
        // Vietnamese
        "đường", "phường", "quận", "huyện", "thị xã", "thị trấn", "tỉnh", "ngõ", "ngách", "hẻm", "kiệt", "tổ dân phố",
        "khu phố", "ấp", "thôn", "tòa nhà", "chung cư", "số nhà", "tp.", "thành phố",
        // Malay, Indonesian
        "jalan", "jln", "jl.", "lorong", "lrg", "taman", "tmn", "persiaran", "lebuh", "kampung", "blok", "kelurahan",
        "kecamatan", "kabupaten", "kota", "desa", "rt", "rw", "gang", "perumahan", "apartemen",
        // Filipino
        "barangay", "brgy", "purok", "sitio", "subdivision", "subd", "street", "st.", "road", "rd.", "avenue", "ave.",
        "blk", "village", "province",
        // Thai
        "ถนน", "ถ.", "ซอย", "ซ.", "หมู่", "ตำบล", "ต.", "อำเภอ", "อ.", "จังหวัด", "จ.", "แขวง", "เขต", "บ้านเลขที่", "หมู่บ้าน",
        "คอนโด", "อาคาร",
        // Chinese
        "路", "街道", "大道", "巷", "弄", "号楼", "號樓", "单元", "室", "小区", "社区", "省", "市", "区", "區", "县", "鎮", "镇",
        // English
        "floor", "apt", "apartment", "building", "postcode", "postal code", "zip",
    ]

    private let guardScanner: ComplianceGuard
    private let automaton: PhraseAutomaton
    private let patterns: [[UInt32]]
    /// Whether each pattern must stand alone (a Latin word) or may touch its neighbours (Thai, Chinese).
    private let standsAlone: [Bool]

    public init(guard complianceGuard: ComplianceGuard = .standard) {
        self.guardScanner = complianceGuard
        var patterns: [[UInt32]] = []
        var standsAlone: [Bool] = []
        for word in Self.addressWords {
            let scalars = Array(word.unicodeScalars.map(\.value))
            patterns.append(scalars)
            standsAlone.append(scalars.first.map(ComplianceText.isLatinAlphanumeric) ?? false)
        }
        self.patterns = patterns
        self.standsAlone = standsAlone
        self.automaton = PhraseAutomaton(patterns: patterns)
    }

    /// The personal data in `text`, ordered by position, not overlapping. `market` (ISO 3166-1
    /// alpha-2) picks the phone numbering plan.
    public func spans(in text: String, market: String) -> [Span] {
        let prepared = ComplianceText(text, folds: self.guardScanner.folds)
        var spans: [Span] = []
        for contact in self.guardScanner.contactFindings(in: prepared, market: market) {
            switch contact.reason {
            case .phoneNumber: spans.append(Span(kind: .phone, start: contact.start, end: contact.end))
            case .emailAddress: spans.append(Span(kind: .email, start: contact.start, end: contact.end))
            default: continue
            }
        }
        spans += self.addresses(in: prepared)
        spans.sort { ($0.start, $0.end) < ($1.start, $1.end) }
        var merged: [Span] = []
        for span in spans {
            if let last = merged.last, span.start < last.end {
                if span.end > last.end {
                    merged[merged.count - 1].end = span.end
                    if span.kind == .address { merged[merged.count - 1].kind = .address }
                }
            } else {
                merged.append(span)
            }
        }
        return merged
    }

    /// `text` with its personal data masked: letters and digits become "•", except the last two digits
    /// of a phone number and the domain of an e-mail address, which say whose they are without
    /// giving them away. Text without personal data comes back unchanged.
    public func mask(_ text: String, market: String) -> String {
        let spans = self.spans(in: text, market: market)
        guard !spans.isEmpty else { return text }
        var scalars = Array(text.unicodeScalars)
        for span in spans {
            let end = min(span.end, scalars.count)
            guard span.start < end else { continue }
            var keep = Set<Int>()
            switch span.kind {
            case .phone:
                let digits = (span.start..<end).filter { scalars[$0].properties.numericType != nil }
                keep.formUnion(digits.suffix(2))
            case .email:
                if let at = (span.start..<end).first(where: { scalars[$0] == "@" || scalars[$0] == "＠" }) {
                    keep.insert(span.start)
                    keep.formUnion(at..<end)
                }
            case .address:
                break
            }
            for index in span.start..<end where !keep.contains(index) {
                let properties = scalars[index].properties
                if properties.isAlphabetic || properties.numericType != nil {
                    scalars[index] = Self.maskCharacter
                }
            }
        }
        var masked = String.UnicodeScalarView()
        masked.append(contentsOf: scalars)
        return String(masked)
    }

    /// A value that is a phone number by definition (a WhatsApp id): every digit but the last two masked.
    public static func maskWholePhoneNumber(_ value: String) -> String {
        let scalars = Array(value.unicodeScalars)
        let digits = scalars.indices.filter { scalars[$0].properties.numericType != nil }
        let keep = Set(digits.suffix(2))
        var masked = String.UnicodeScalarView()
        for index in scalars.indices {
            let scalar = scalars[index]
            let hidden = !keep.contains(index) && (scalar.properties.numericType != nil || scalar.properties.isAlphabetic)
            masked.append(hidden ? Self.maskCharacter : scalar)
        }
        return String(masked)
    }

    // MARK: Addresses

    private func addresses(in text: ComplianceText) -> [Span] {
        let view = text.exact
        guard !view.isEmpty else { return [] }
        var cues: [(start: Int, end: Int)] = []
        self.automaton.forEachMatch(in: view) { pattern, start, end in
            if self.standsAlone[pattern] {
                let last = self.patterns[pattern].last!
                let openEnd = !ComplianceText.isLatinAlphanumeric(last)
                guard start == 0 || !ComplianceText.isLatinAlphanumeric(view[start - 1]),
                    openEnd || end == view.count || !ComplianceText.isLatinAlphanumeric(view[end])
                else { return }
            }
            cues.append((start, end))
        }
        guard !cues.isEmpty else { return [] }
        var spans: [Span] = []
        var lineStart = 0
        var cueIndex = 0
        cues.sort { $0.start < $1.start }
        while lineStart < view.count {
            var lineEnd = lineStart
            while lineEnd < view.count, view[lineEnd] != 0x0A, view[lineEnd] != 0x0D { lineEnd += 1 }
            var lineCues: [(start: Int, end: Int)] = []
            while cueIndex < cues.count, cues[cueIndex].start < lineEnd {
                if cues[cueIndex].start >= lineStart { lineCues.append(cues[cueIndex]) }
                cueIndex += 1
            }
            if let span = self.address(in: view, line: lineStart..<lineEnd, cues: lineCues) {
                let original = text.originalRange(folded: span.lowerBound, span.upperBound)
                spans.append(Span(kind: .address, start: original.start, end: original.end))
            }
            lineStart = lineEnd + 1
        }
        return spans
    }

    /// The address on one line, if its cues make one: a cue with a number right before or after it
    /// ("12 Jalan", "ซอย 5", "quận 1", "路88"), or two different cues. It runs from the first cue (or
    /// the house number before it) to the end of the line.
    private func address(in view: [UInt32], line: Range<Int>, cues: [(start: Int, end: Int)]) -> Range<Int>? {
        guard !cues.isEmpty, line.contains(where: { ComplianceText.isDigit(view[$0]) }) else { return nil }
        func isDigit(_ index: Int) -> Bool { line.contains(index) && ComplianceText.isDigit(view[index]) }
        func isGap(_ index: Int) -> Bool {
            line.contains(index) && (view[index] == 0x20 || view[index] == 0x2E || view[index] == 0x3A || view[index] == 0x2C)
        }
        var start: Int?
        for cue in cues {
            var before = cue.start - 1
            while isGap(before), cue.start - before < 3 { before -= 1 }
            if isDigit(before) {
                // The house number before the street: "12 đường", "99/1 ซอย".
                var first = before
                while isDigit(first - 1) || (line.contains(first - 1) && (view[first - 1] == 0x2F || view[first - 1] == 0x2D)) { first -= 1 }
                start = first
                break
            }
            var after = cue.end
            while isGap(after), after - cue.end < 2 { after += 1 }
            if isDigit(after) {
                start = cue.start
                break
            }
        }
        let distinct = Set(cues.map { Array(view[$0.start..<$0.end]) })
        if start == nil, distinct.count >= 2 { start = cues[0].start }
        // Once it is an address, it starts at its first part ("市" of "北京市…路88号").
        guard var from = start.map({ min($0, cues[0].start) }) else { return nil }
        from = max(from, line.lowerBound)
        var to = line.upperBound
        while to > from, view[to - 1] == 0x20 { to -= 1 }
        return from < to ? from..<to : nil
    }
}

extension ComplianceGuard {
    /// The phone numbers, e-mail addresses and other contact findings in `text` for `market`,
    /// whatever the platform's rules (the masker wants them on every platform).
    func contactFindings(in text: ComplianceText, market: String) -> [RawFinding] {
        guard let settings = self.platforms.values.first(where: { $0.rules.contains(.offPlatformContact) }) else { return [] }
        let matches = self.matches(in: text, market: self.marketBits[market] ?? 0, settings: settings)
        var found: [RawFinding] = []
        self.scanContacts(text, matches: matches, market: market, settings: settings, into: &found)
        return found
    }
}

extension PersonalDataMasker {
    /// A shipping address as agents see it: its last two parts (district, city) kept, the street and
    /// number hidden, since `mask` finds phone numbers and e-mail but not a street.
    public static func maskStreet(_ address: String) -> String {
        let parts = address.split(separator: ",").map { part in
            String(part.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        }
        guard parts.count > 1 else { return "•••" }
        return (["•••"] + parts.suffix(min(2, parts.count - 1))).joined(separator: ", ")
    }
}
