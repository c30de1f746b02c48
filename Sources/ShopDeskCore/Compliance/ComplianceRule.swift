/// The checks the compliance guard runs on a draft. Raw values are the ids used in the API, the CLI,
/// the rule data files and workspace extensions.
public enum ComplianceRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// Phone numbers, e-mail addresses, links, messaging-app handles or invitations and QR codes that
    /// take the buyer off the platform (platforms.md §1.3 "Redirecting traffic", §2.5).
    case offPlatformContact = "off_platform_contact"
    /// Rewards for reviews, and requests to change, remove or not post a review (§1.3 "Unfair
    /// behaviour", "Review Policy (US)").
    case reviewManipulation = "review_manipulation"
    /// Insults, profanity, threats and intimidation (§1.3 "Customer Service Policy", "Unfair behaviour").
    case abusiveLanguage = "abusive_language"
    /// A greeting or acknowledgement with nothing else, which TikTok Shop does not count as a response
    /// (§1.1).
    case smallTalkOnly = "small_talk_only"
    /// The same text to many buyers, or too many messages to a buyer who has not replied (§1.3
    /// "unsolicited marketing", §2.5, §3.4).
    case spamRepetition = "spam_repetition"
    /// Outside the platform's messaging window (§4.4).
    case messagingWindow = "messaging_window"

    /// Whether workspace extensions may add phrases to this rule (the others are counts and clocks).
    public var acceptsPhrases: Bool {
        switch self {
        case .offPlatformContact, .reviewManipulation, .abusiveLanguage, .smallTalkOnly: true
        case .spamRepetition, .messagingWindow: false
        }
    }
}

/// How serious a finding is: a warning the agent may override, or a block that stops the send.
public enum ComplianceSeverity: String, Sendable, Hashable, Codable, Comparable {
    case warn
    case block

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs == .warn && rhs == .block }
}
