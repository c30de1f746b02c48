import Foundation

/// Everything about a draft the guard needs besides its text: where it goes, who reads the findings,
/// and the facts only the caller knows (the messaging window's clock, recent sends from the store).
public struct ComplianceContext: Sendable, Hashable {
    public var platform: Platform
    /// ISO 3166-1 alpha-2 (`VN`); picks the market's word lists. A market without a rule file of its
    /// own gets the common rules only.
    public var market: String
    /// BCP 47 tag of the agent's UI (`vi`, `zh-Hans`, `th-TH`); explanations fall back to English.
    public var uiLanguage: String
    /// The platform time of the buyer's latest message, for the messaging window.
    public var lastBuyerMessageAt: Date?
    /// The send time. Core never reads the clock: without `now` the window is not checked (the CLI has
    /// no conversation to look at).
    public var now: Date?
    /// A person typed the draft (Meta's `HUMAN_AGENT` tag is for people, not automations).
    public var byHuman: Bool
    /// The draft is an approved WhatsApp template, which may be sent outside the 24-hour window.
    public var isTemplate: Bool
    /// The conversation came from a Click-to-Messenger/Direct ad (7-day standard window).
    public var fromAd: Bool
    /// Recent sends as the store counts them; without it the spam counters are not checked.
    public var spam: SpamContext?

    public init(
        platform: Platform, market: String, uiLanguage: String = "en",
        lastBuyerMessageAt: Date? = nil, now: Date? = nil, byHuman: Bool = true, isTemplate: Bool = false, fromAd: Bool = false,
        spam: SpamContext? = nil
    ) {
        self.platform = platform
        self.market = market
        self.uiLanguage = uiLanguage
        self.lastBuyerMessageAt = lastBuyerMessageAt
        self.now = now
        self.byHuman = byHuman
        self.isTemplate = isTemplate
        self.fromAd = fromAd
        self.spam = spam
    }
}
