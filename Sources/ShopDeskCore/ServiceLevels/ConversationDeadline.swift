import Foundation

/// A conversation's nearest deadline with what its alerts need: the workspace's lead times and the
/// alerts already fired for this deadline (by this node or another, before or after a restart).
public struct ConversationDeadline: Sendable, Hashable {
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
