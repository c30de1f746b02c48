/// One problem in a draft: which rule, how serious, where (Unicode scalar offsets into the original
/// text, end exclusive) and why, in the agent's language.
public struct ComplianceFinding: Sendable, Hashable {
    /// The kind of problem within a rule; it picks the explanation and lets a UI show an icon.
    public enum Reason: String, Sendable, Hashable, Codable, CaseIterable {
        case phoneNumber = "phone_number"
        case emailAddress = "email_address"
        case link
        case messagingApp = "messaging_app"
        case qrCode = "qr_code"
        /// Payment outside the platform (a bank account, an e-wallet, "pay me directly").
        case paymentOutside = "payment_outside"
        case reviewIncentive = "review_incentive"
        case reviewPressure = "review_pressure"
        case insult
        case threat
        case smallTalk = "small_talk"
        case nearDuplicate = "near_duplicate"
        case unansweredLimit = "unanswered_limit"
        case windowClosed = "window_closed"
        case templateRequired = "template_required"
        case windowNeverOpened = "window_never_opened"

        /// The rule a reason belongs to.
        public var rule: ComplianceRule {
            switch self {
            case .phoneNumber, .emailAddress, .link, .messagingApp, .qrCode, .paymentOutside: .offPlatformContact
            case .reviewIncentive, .reviewPressure: .reviewManipulation
            case .insult, .threat: .abusiveLanguage
            case .smallTalk: .smallTalkOnly
            case .nearDuplicate, .unansweredLimit: .spamRepetition
            case .windowClosed, .templateRequired, .windowNeverOpened: .messagingWindow
            }
        }
    }

    public var rule: ComplianceRule
    public var reason: Reason
    public var severity: ComplianceSeverity
    /// First Unicode scalar of the finding in the original draft (0-based).
    public var start: Int
    /// One past the last Unicode scalar of the finding.
    public var end: Int
    public var explanation: String

    public init(rule: ComplianceRule, reason: Reason, severity: ComplianceSeverity, start: Int, end: Int, explanation: String) {
        self.rule = rule
        self.reason = reason
        self.severity = severity
        self.start = start
        self.end = end
        self.explanation = explanation
    }
}
