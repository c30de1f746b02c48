/// What the store knows about recent sends that bears on a draft. Core keeps no state between checks,
/// so the caller counts (with `RecentOutboundLog` or a query) and the guard compares with `SpamPolicy`.
public struct SpamContext: Sendable, Hashable {
    /// Distinct buyers other than this one who were sent a near-identical text within the policy's
    /// duplicate window.
    public var nearDuplicateRecipients: Int
    /// Seller messages to this buyer in the last 24 hours and since the buyer last wrote, not counting
    /// the draft.
    public var unansweredMessages: Int

    public init(nearDuplicateRecipients: Int = 0, unansweredMessages: Int = 0) {
        self.nearDuplicateRecipients = nearDuplicateRecipients
        self.unansweredMessages = unansweredMessages
    }
}
