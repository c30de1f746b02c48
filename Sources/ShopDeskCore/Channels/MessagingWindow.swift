import Foundation

/// Whether a platform still lets the seller write to a buyer, and how (platforms.md §4.4).
///
/// - Messenger and Instagram: a standard 24-hour window after the buyer's last message (7 days when the
///   conversation came from a Click-to-Messenger/Direct ad); a human agent may answer up to 7 days after
///   the buyer's last message with the `HUMAN_AGENT` tag; after that nothing may be sent.
/// - WhatsApp: free-form messages only within 24 hours of the buyer's last message; after that only an
///   approved template.
/// - Marketplaces and LINE publish no such window for replies in a buyer-started chat, so they are open.
public enum MessagingWindow {
    public enum Verdict: Sendable, Hashable {
        /// Send as usual.
        case open
        /// Send with Meta's `HUMAN_AGENT` message tag (a person replying after the standard window).
        case openWithHumanAgentTag
        /// Only an approved template may be sent (WhatsApp after 24 hours).
        case templateOnly(since: Date)
        /// The platform accepts nothing now; `since` is when the window closed.
        case closed(since: Date)
        /// The buyer never wrote, so no window ever opened (the platform needs the person to start).
        case neverOpened

        /// Only an approved template may be sent now.
        public var templateOnly: Bool {
            if case .templateOnly = self { true } else { false }
        }
    }

    public static let standardWindow: TimeInterval = 24 * 3600
    public static let humanAgentWindow: TimeInterval = 7 * 24 * 3600

    /// - Parameters:
    ///   - lastBuyerMessageAt: the platform time of the buyer's latest message in the conversation.
    ///   - fromAd: the conversation started from a Click-to-Messenger/Direct ad (7-day standard window).
    ///   - byHuman: the message is typed by a person (automations may not use `HUMAN_AGENT`).
    public static func verdict(
        platform: Platform, lastBuyerMessageAt: Date?, now: Date, byHuman: Bool, fromAd: Bool = false
    ) -> Verdict {
        switch platform {
        case .facebook, .instagram:
            guard let last = lastBuyerMessageAt else { return .neverOpened }
            let standard = fromAd ? Self.humanAgentWindow : Self.standardWindow
            if now <= last.addingTimeInterval(standard) { return .open }
            if byHuman, now <= last.addingTimeInterval(Self.humanAgentWindow) { return .openWithHumanAgentTag }
            return .closed(since: last.addingTimeInterval(byHuman ? Self.humanAgentWindow : standard))
        case .whatsapp:
            guard let last = lastBuyerMessageAt else { return .templateOnly(since: now) }
            let closes = last.addingTimeInterval(Self.standardWindow)
            return now <= closes ? .open : .templateOnly(since: closes)
        case .tiktokShop, .shopee, .lazada, .line, .custom:
            return .open
        }
    }
}

extension MessagingWindow {
    /// Whether a reply may go out now, and how.
    public enum SendDecision: Sendable, Hashable {
        case send(humanAgentTag: Bool)
        /// The platform would refuse it (or punish the seller for it); `reason` tells the agent why.
        case refuse(reason: String)
    }

    /// The window check the delivery service makes before every send. Public answers under a comment,
    /// post or review are not private messages, so the windows (which govern private messages) do
    /// not apply to them. An approved WhatsApp template (`isTemplate`) may go at any time.
    public static func sendDecision(
        platform: Platform, kind: Conversation.Kind, lastBuyerMessageAt: Date?, now: Date, byHuman: Bool, isTemplate: Bool = false
    ) -> SendDecision {
        guard kind == .direct else { return .send(humanAgentTag: false) }
        switch self.verdict(platform: platform, lastBuyerMessageAt: lastBuyerMessageAt, now: now, byHuman: byHuman) {
        case .open:
            return .send(humanAgentTag: false)
        case .openWithHumanAgentTag:
            return .send(humanAgentTag: true)
        case .templateOnly where isTemplate:
            return .send(humanAgentTag: false)
        case .templateOnly:
            return .refuse(
                reason: "WhatsApp allows free-form replies only within 24 hours of the buyer's last message; "
                    + "outside that window only an approved template can be sent")
        case .closed:
            return .refuse(
                reason: "the \(platform.rawValue) messaging window has closed: a reply is allowed up to 24 hours "
                    + "after the buyer's last message (7 days for a person answering with the HUMAN_AGENT tag)")
        case .neverOpened:
            return .refuse(
                reason: "the buyer has not written on \(platform.rawValue) yet, and the platform lets the seller write only after the buyer")
        }
    }
}
