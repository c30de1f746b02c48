/// The phrase rules: which compiled phrases occur in a draft, and how a rule's logic turns them into
/// findings (a list that flags on its own, two lists close together in one sentence, exceptions and
/// negations that take a match back).
extension ComplianceGuard {
    /// How far before a match a negation still applies ("we cannot share our Zalo").
    static let negationReach = 24

    /// Every phrase occurrence that counts for this market and platform, in words positions.
    func matches(in text: ComplianceText, market: UInt64, settings: PlatformSettings) -> [PhraseMatch] {
        var matches: [PhraseMatch] = []
        func collect(_ automaton: PhraseAutomaton, _ tags: [[PhraseTag]], _ view: [UInt32]) {
            automaton.forEachMatch(in: view) { pattern, start, end in
                guard Self.hasBoundaries(view, start, end) else { return }
                let patternTags = tags[pattern]
                // "Shopee" on Shopee, "LINE" on LINE: the platform itself is not another app.
                var isSelf = false
                for tag in patternTags {
                    if case .selfName(let bits) = tag.role, bits & settings.bit != 0 { isSelf = true }
                }
                for tag in patternTags where tag.markets == .max || tag.markets & market != 0 {
                    switch tag.role {
                    case .list(let id):
                        let rule = self.listRules[id]
                        guard settings.rules.contains(rule), !(isSelf && rule == .offPlatformContact) else { continue }
                        matches.append(PhraseMatch(start: start, end: end, role: tag.role))
                    case .selfName(let bits):
                        // Kept for "chat with us on <platform>" (see `evaluate`).
                        if bits & settings.bit != 0 { matches.append(PhraseMatch(start: start, end: end, role: tag.role)) }
                    case .digit, .emailAt, .dot, .emailProvider, .topLevelDomain, .phoneCue, .referenceCue:
                        if settings.rules.contains(.offPlatformContact) {
                            matches.append(PhraseMatch(start: start, end: end, role: tag.role))
                        }
                    }
                }
            }
        }
        collect(self.automaton, self.patternTags, text.words)
        collect(self.exactAutomaton, self.exactPatternTags, text.wordsExact)
        return matches
    }

    /// A Latin phrase must be a whole word ("ib" is not in "library"); Thai and Chinese have no spaces,
    /// so their phrases match anywhere, except just before a Thai vowel or tone mark, which belongs to
    /// the syllable the phrase would cut.
    static func hasBoundaries(_ view: [UInt32], _ start: Int, _ end: Int) -> Bool {
        if ComplianceText.isLatinAlphanumeric(view[start]), start > 0, ComplianceText.isLatinAlphanumeric(view[start - 1]) { return false }
        if end < view.count {
            let next = view[end]
            if ComplianceText.isLatinAlphanumeric(view[end - 1]), ComplianceText.isLatinAlphanumeric(next) { return false }
            if ComplianceText.isThaiMark(next) { return false }
        }
        return true
    }

    /// Adds the findings of one phrase rule.
    func evaluate(_ logic: CompiledLogic, matches: [PhraseMatch], text: ComplianceText, into found: inout [RawFinding]) {
        var mine = matches.filter { $0.list >= 0 && self.listRules[$0.list] == logic.rule }
        guard !mine.isEmpty else { return }
        if let exceptions = logic.exceptions {
            let harmless = mine.filter { $0.list == exceptions }
            if !harmless.isEmpty {
                mine.removeAll { match in
                    match.list == exceptions || harmless.contains { $0.start <= match.start && match.end <= $0.end }
                }
            }
        }
        let negations = logic.negation.map { negation in mine.filter { $0.list == negation } } ?? []
        func negated(_ start: Int, _ end: Int) -> Bool {
            negations.contains { negation in
                (negation.start < end && negation.end > start)
                    || (negation.end <= start && start - negation.end <= Self.negationReach && !text.hasSentenceBreak(negation.end, start))
            }
        }
        // "Chat with us on Lazada", said on Lazada: an invitation to the platform itself.
        let selfNames = logic.rule == .offPlatformContact ? matches.filter { if case .selfName = $0.role { true } else { false } } : []
        func add(_ reason: ComplianceFinding.Reason, _ start: Int, _ end: Int) {
            if selfNames.contains(where: { $0.start >= end && $0.start <= end + 1 }) { return }
            let range = text.originalRange(words: start, end)
            found.append(RawFinding(rule: logic.rule, reason: reason, severity: .block, start: range.start, end: range.end))
        }
        for flag in logic.flags {
            for match in mine where match.list == flag.list {
                if flag.negatable, negated(match.start, match.end) { continue }
                add(flag.reason, match.start, match.end)
            }
        }
        for pair in logic.pairs {
            for first in mine where first.list == pair.first {
                for second in mine where second.list == pair.second {
                    let gap: Int
                    if first.end <= second.start {
                        gap = second.start - first.end
                    } else if !pair.ordered, second.end <= first.start {
                        gap = first.start - second.end
                    } else {
                        continue
                    }
                    let start = min(first.start, second.start)
                    let end = max(first.end, second.end)
                    guard gap <= pair.maxGap, !text.hasSentenceBreak(start, end) else { continue }
                    if let requires = pair.requires {
                        let sentence = text.sentence(around: start, end)
                        guard mine.contains(where: { $0.list == requires && $0.start >= sentence.start && $0.end <= sentence.end }) else { continue }
                    }
                    if pair.negatable, negated(start, end) { continue }
                    add(pair.reason, start, end)
                }
            }
        }
    }
}

extension PhraseMatch {
    /// The list id, or -1 for the scanners' words.
    var list: Int {
        if case .list(let id) = self.role { return id }
        return -1
    }
}

extension ComplianceText {
    /// Whether a sentence ends between words positions `start` and `end`.
    func hasSentenceBreak(_ start: Int, _ end: Int) -> Bool {
        var index = start
        while index < end {
            if self.words[index] == Self.sentenceBreak { return true }
            index += 1
        }
        return false
    }

    /// The words range of the sentence holding `start..<end`.
    func sentence(around start: Int, _ end: Int) -> (start: Int, end: Int) {
        var first = start
        while first > 0, self.words[first - 1] != Self.sentenceBreak { first -= 1 }
        var last = end
        while last < self.words.count, self.words[last] != Self.sentenceBreak { last += 1 }
        return (first, last)
    }
}
