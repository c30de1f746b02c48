import Foundation

/// A conversation's nearest deadline with what its alerts need: the workspace's lead times and the
/// alerts already fired for this deadline (by this node or another, before or after a restart).
public struct ConversationDeadline: Sendable, Hashable {
    /// A conversation whose deadline is this close (or past) is at risk: the inbox counts and colours
    /// it, the dashboard lists it, and it is the API's default window for at-risk conversations.
    public static let atRiskWithin: TimeInterval = 2 * 3600

    /// Whether `deadline` is within `atRiskWithin` of `now` (or past).
    public static func isAtRisk(_ deadline: Date?, now: Date) -> Bool {
        deadline.map { $0.timeIntervalSince(now) < Self.atRiskWithin } ?? false
    }

    public var conversationID: Conversation.ID
    public var workspaceID: Workspace.ID
    public var channelAccountID: ChannelAccount.ID
    public var deadline: Date
    /// When the buyer started waiting; alerts due before that are not meaningful for this deadline.
    public var waitingSince: Date?
    /// Seconds before the deadline at which to warn.
    public var leadTimes: [TimeInterval]
    public var fired: Set<DeadlineAlert>

    public init(
        conversationID: Conversation.ID, workspaceID: Workspace.ID, channelAccountID: ChannelAccount.ID, deadline: Date,
        waitingSince: Date?, leadTimes: [TimeInterval], fired: Set<DeadlineAlert> = []
    ) {
        self.conversationID = conversationID
        self.workspaceID = workspaceID
        self.channelAccountID = channelAccountID
        self.deadline = deadline
        self.waitingSince = waitingSince
        self.leadTimes = leadTimes
        self.fired = fired
    }
}
