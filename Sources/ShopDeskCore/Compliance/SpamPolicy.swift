/// A platform's limits on repeated and unanswered messages, read from the rule data (`platforms` in
/// `common.json`), so they can change without code.
public struct SpamPolicy: Sendable, Hashable, Codable {
    /// How far back a near-identical text to another buyer counts.
    public var duplicateWindowMinutes: Int
    /// Other buyers with a near-identical text at which the draft is a warning.
    public var duplicateWarnAt: Int
    /// Other buyers with a near-identical text at which the draft is blocked.
    public var duplicateBlockAt: Int
    /// `TextFingerprint.similarity` from which two texts count as the same message.
    public var minimumSimilarity: Double
    /// Seller messages a buyer who has not replied may get in 24 hours. A draft that would be the last
    /// allowed one warns; one past it blocks.
    public var unansweredDailyCap: Int

    public init(duplicateWindowMinutes: Int, duplicateWarnAt: Int, duplicateBlockAt: Int, minimumSimilarity: Double, unansweredDailyCap: Int) {
        self.duplicateWindowMinutes = duplicateWindowMinutes
        self.duplicateWarnAt = duplicateWarnAt
        self.duplicateBlockAt = duplicateBlockAt
        self.minimumSimilarity = minimumSimilarity
        self.unansweredDailyCap = unansweredDailyCap
    }

    /// The duplicate window in seconds.
    public var duplicateWindow: Double { Double(self.duplicateWindowMinutes) * 60 }

    /// One assessment per counter that reached its limit: the severity, the count and the limit it
    /// reached, for the explanation.
    func assess(_ context: SpamContext) -> [(severity: ComplianceSeverity, reason: ComplianceFinding.Reason, count: Int, limit: Int)] {
        var results: [(severity: ComplianceSeverity, reason: ComplianceFinding.Reason, count: Int, limit: Int)] = []
        if context.nearDuplicateRecipients >= self.duplicateBlockAt {
            results.append((.block, .nearDuplicate, context.nearDuplicateRecipients, self.duplicateBlockAt))
        } else if context.nearDuplicateRecipients >= self.duplicateWarnAt {
            results.append((.warn, .nearDuplicate, context.nearDuplicateRecipients, self.duplicateBlockAt))
        }
        // The count excludes the draft, so the draft is message number `unansweredMessages + 1`.
        let number = context.unansweredMessages + 1
        if number > self.unansweredDailyCap {
            results.append((.block, .unansweredLimit, context.unansweredMessages, self.unansweredDailyCap))
        } else if number == self.unansweredDailyCap {
            results.append((.warn, .unansweredLimit, context.unansweredMessages, self.unansweredDailyCap))
        }
        return results
    }
}
