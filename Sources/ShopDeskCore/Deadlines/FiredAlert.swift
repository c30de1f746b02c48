import Foundation

/// A deadline alert that fired for one conversation: what the realtime stream and the seller's
/// webhook receive.
public struct FiredAlert: Sendable, Hashable {
    public var alert: DeadlineAlert
    public var conversationID: Conversation.ID
    public var workspaceID: Workspace.ID
    public var channelAccountID: ChannelAccount.ID
    public var deadline: Date
    public var firedAt: Date

    public init(
        alert: DeadlineAlert, conversationID: Conversation.ID, workspaceID: Workspace.ID, channelAccountID: ChannelAccount.ID,
        deadline: Date, firedAt: Date
    ) {
        self.alert = alert
        self.conversationID = conversationID
        self.workspaceID = workspaceID
        self.channelAccountID = channelAccountID
        self.deadline = deadline
        self.firedAt = firedAt
    }

    /// Names this alert uniquely and stably (conversation, deadline, kind), so that a receiver can drop
    /// a webhook delivered twice.
    public var id: String {
        "\(self.conversationID.rawValue):\(SLATime.milliseconds(self.deadline)):\(self.alert.kind):\(self.alert.leadSeconds)"
    }
}
