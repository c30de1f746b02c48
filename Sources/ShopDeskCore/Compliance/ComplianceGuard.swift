import Foundation

/// Checks a draft against the platforms' contact, review, conduct, spam and messaging-window rules
/// before it is sent (platforms.md §1.3, §2.5, §3.4, §4.4).
///
/// Built once from the rule data (bundled, plus a workspace's extension) and immutable after: every
/// phrase of every market is compiled into one automaton, so a check is one pass of normalisation,
/// one pass of phrase matching and hand-written scanners for phones, e-mails and links, whatever the
/// number of phrases. Pure: the clock and the store's counts come in through `ComplianceContext`.
public struct ComplianceGuard: Sendable {
    let folds: [UInt32: UInt32]
    let automaton: PhraseAutomaton
    let patternTags: [[PhraseTag]]
    /// Phrases matched with Latin diacritics.
    let exactAutomaton: PhraseAutomaton
    let exactPatternTags: [[PhraseTag]]
    let marketBits: [String: UInt64]
    /// The rule each list (by id) belongs to.
    let listRules: [ComplianceRule]
    let logic: [CompiledLogic]
    let platforms: [Platform: PlatformSettings]
    let phonePlans: [CompiledPhonePlan]
    let topLevelDomains: Set<String>
    let wordLikeTopLevelDomains: Set<String>
    let linkHosts: Set<String>
    let emailProviders: Set<String>
    let smallTalkPhrases: [[Substring]]

    /// The bundled rules with no extension. The bundle is part of the build, and the tests decode it,
    /// so a failure here is a broken build, not bad input.
    public static let standard: ComplianceGuard = {
        do {
            return try ComplianceGuard.bundled()
        } catch {
            fatalError("the bundled compliance rules do not load: \(error)")
        }
    }()

    /// The bundled rules merged with a workspace's extension.
    public static func bundled(extension: ComplianceRuleExtension = ComplianceRuleExtension()) throws(BuildError) -> ComplianceGuard {
        let rules: ComplianceRules
        do {
            rules = try ComplianceRules.bundled()
        } catch {
            throw .data(error)
        }
        return try ComplianceGuard(rules: rules, extension: `extension`)
    }

    /// Why a guard could not be built.
    public enum BuildError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The rule files are unreadable or inconsistent.
        case data(ComplianceRules.DataError)
        /// The workspace's extension is invalid; each error names the field to fix.
        case invalidExtension(ComplianceRuleExtension.Invalid)

        public var description: String {
            switch self {
            case .data(let error): error.description
            case .invalidExtension(let invalid): invalid.description
            }
        }
    }

    /// Whether `rule` is checked on `platform` (off-platform contact only on marketplaces, small talk
    /// only on TikTok Shop, …; see `platforms` in common.json).
    public func applies(_ rule: ComplianceRule, on platform: Platform) -> Bool {
        self.platforms[platform]?.rules.contains(rule) ?? false
    }

    /// The platform's spam limits, which a `RecentOutboundLog` needs to count.
    public func spamPolicy(for platform: Platform) -> SpamPolicy {
        self.platforms[platform]!.spam
    }

    /// Checks `draft` for `context.platform` and `context.market`.
    public func check(_ draft: String, context: ComplianceContext) -> ComplianceResult {
        let settings = self.platforms[context.platform]!
        let language = ComplianceExplanation.Language(tag: context.uiLanguage)
        var found: [RawFinding] = []
        if settings.readsText {
            let text = ComplianceText(draft, folds: self.folds)
            let matches = self.matches(in: text, market: self.marketBits[context.market] ?? 0, settings: settings)
            for logic in self.logic where settings.rules.contains(logic.rule) {
                self.evaluate(logic, matches: matches, text: text, into: &found)
            }
            if settings.rules.contains(.offPlatformContact) {
                self.scanContacts(text, matches: matches, market: context.market, settings: settings, into: &found)
            }
        }
        var scalarCount: Int?
        func wholeText() -> (Int, Int) {
            if scalarCount == nil { scalarCount = draft.unicodeScalars.count }
            return (0, scalarCount!)
        }
        if settings.rules.contains(.smallTalkOnly), SmallTalk.isSmallTalkOnly(draft, phrases: self.smallTalkPhrases) {
            let (start, end) = wholeText()
            found.append(RawFinding(rule: .smallTalkOnly, reason: .smallTalk, severity: .warn, start: start, end: end))
        }
        if settings.rules.contains(.spamRepetition), let spam = context.spam {
            for assessment in settings.spam.assess(spam) {
                let (start, end) = wholeText()
                found.append(
                    RawFinding(
                        rule: .spamRepetition, reason: assessment.reason, severity: assessment.severity, start: start, end: end,
                        count: assessment.count, limit: assessment.limit
                    ))
            }
        }
        var window: MessagingWindow.Verdict?
        if let now = context.now {
            let verdict = MessagingWindow.verdict(
                platform: context.platform, lastBuyerMessageAt: context.lastBuyerMessageAt, now: now, byHuman: context.byHuman, fromAd: context.fromAd
            )
            window = verdict
            if settings.rules.contains(.messagingWindow), let reason = Self.windowReason(verdict, isTemplate: context.isTemplate) {
                let (start, end) = wholeText()
                found.append(RawFinding(rule: .messagingWindow, reason: reason, severity: .block, start: start, end: end))
            }
        }
        let findings = Self.merged(found).map { raw in
            ComplianceFinding(
                rule: raw.rule, reason: raw.reason, severity: raw.severity, start: raw.start, end: raw.end,
                explanation: ComplianceExplanation.text(raw.reason, in: language, count: raw.count, limit: raw.limit)
            )
        }
        return ComplianceResult(findings: findings, window: window)
    }

    /// What a window verdict forbids; nil when the draft may go (a template may go after WhatsApp's 24 hours).
    static func windowReason(_ verdict: MessagingWindow.Verdict, isTemplate: Bool) -> ComplianceFinding.Reason? {
        switch verdict {
        case .open, .openWithHumanAgentTag: nil
        case .templateOnly: isTemplate ? nil : .templateRequired
        case .closed: .windowClosed
        case .neverOpened: .windowNeverOpened
        }
    }

    /// Overlapping findings of one reason become one (an invitation and the pair of words inside it);
    /// the result is ordered by position, then rule.
    static func merged(_ findings: [RawFinding]) -> [RawFinding] {
        let sorted = findings.sorted { ($0.reason.order, $0.start, $1.end) < ($1.reason.order, $1.start, $0.end) }
        var merged: [RawFinding] = []
        for finding in sorted {
            if var last = merged.last, last.reason == finding.reason, finding.start < last.end {
                last.end = max(last.end, finding.end)
                last.severity = max(last.severity, finding.severity)
                merged[merged.count - 1] = last
            } else {
                merged.append(finding)
            }
        }
        return merged.sorted { ($0.start, $0.rule.order, $0.reason.order, $0.end) < ($1.start, $1.rule.order, $1.reason.order, $1.end) }
    }
}

/// A finding before its explanation is written, in original scalar offsets.
struct RawFinding {
    var rule: ComplianceRule
    var reason: ComplianceFinding.Reason
    var severity: ComplianceSeverity
    var start: Int
    var end: Int
    var count = 0
    var limit = 0
}

extension ComplianceRule {
    /// Declaration order, for stable sorting.
    var order: Int { Self.allCases.firstIndex(of: self)! }
}

extension ComplianceFinding.Reason {
    /// Declaration order, for stable sorting.
    var order: Int { Self.allCases.firstIndex(of: self)! }
}

/// What one compiled phrase stands for: a list of a rule, or a word the contact scanners use.
struct PhraseTag: Sendable {
    enum Role: Sendable, Hashable {
        /// A rule's list, by list id.
        case list(Int)
        /// A digit written as a word.
        case digit(UInt8)
        case emailAt
        case dot
        case emailProvider
        case topLevelDomain
        case phoneCue
        case referenceCue
        /// A platform's own name, by platform bit: not "another app" there.
        case selfName(UInt16)
    }

    var role: Role
    /// Markets where the phrase applies, one bit each; all bits for every market.
    var markets: UInt64
}

/// A phrase found in the words view, `end` exclusive.
struct PhraseMatch {
    var start: Int
    var end: Int
    var role: PhraseTag.Role
}

/// A rule's logic with list names resolved to ids.
struct CompiledLogic: Sendable {
    struct Flag: Sendable {
        var list: Int
        var reason: ComplianceFinding.Reason
        var negatable: Bool
    }

    struct Pair: Sendable {
        var first: Int
        var second: Int
        var maxGap: Int
        var ordered: Bool
        var requires: Int?
        var reason: ComplianceFinding.Reason
        var negatable: Bool
    }

    var rule: ComplianceRule
    var flags: [Flag]
    var pairs: [Pair]
    var negation: Int?
    var exceptions: Int?
    /// Apps that a handle right after ("LINE: shop123", "IG @shop") makes a finding.
    var handleTargets: Int?
}

/// A platform's settings, compiled.
struct PlatformSettings: Sendable {
    var rules: Set<ComplianceRule>
    var bit: UInt16
    var allowedLinks: [ComplianceRules.AllowedLink]
    var spam: SpamPolicy

    /// Whether any rule that reads the words applies.
    var readsText: Bool {
        self.rules.contains(.offPlatformContact) || self.rules.contains(.reviewManipulation) || self.rules.contains(.abusiveLanguage)
    }
}
