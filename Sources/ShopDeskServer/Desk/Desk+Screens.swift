import Foundation
import ShopDeskCore
import ShopDeskStore

/// What the inbox shows an agent: a page of conversations (masked), which of them are unread, and the counts.
struct InboxScreen: Sendable {
    var conversations: [Conversation]
    var unread: Set<Conversation.ID>
    var unreadCount: Int
    var atRisk: Int
    /// The channel accounts the agent may see (for the filter).
    var accounts: [ChannelAccount]
}

/// What a conversation's page shows: the thread, who may be assigned, the buyer across channels and
/// their other conversations, and the template names. Opening it marks it read.
struct ConversationScreen: Sendable {
    var conversation: Conversation
    var account: ChannelAccount
    var messages: [Message]
    var agents: [Agent]
    var buyer: Buyer
    var otherConversations: [Conversation]
    var templateNames: [String]
}

extension Desk {
    func inbox(_ query: ConversationQuery, by signedIn: AuthenticatedAgent) async throws -> InboxScreen {
        let page = try await self.conversations(query, by: signedIn)
        let now = self.now
        return InboxScreen(
            conversations: page.items, unread: try await self.store.unread(page.items, for: signedIn.agent),
            unreadCount: try await self.store.unreadCount(for: signedIn.agent),
            atRisk: page.items.filter { ConversationDeadline.isAtRisk($0.state.nextDeadline, now: now) }.count,
            accounts: try await self.channelAccounts(by: signedIn)
        )
    }

    func conversationScreen(_ id: Conversation.ID, by signedIn: AuthenticatedAgent) async throws -> ConversationScreen {
        let (conversation, messages) = try await self.conversation(id, by: signedIn)
        try await self.store.markRead(id, by: signedIn.agent, now: self.now)
        var others = ConversationQuery()
        others.buyerID = conversation.buyerID
        others.order = .recent
        others.limit = 10
        return ConversationScreen(
            conversation: conversation,
            account: try await self.store.channelAccount(conversation.channelAccountID, workspace: signedIn.workspaceID),
            messages: messages, agents: try await self.store.listAgents(workspace: signedIn.workspaceID),
            buyer: try await self.buyer(conversation.buyerID, by: signedIn),
            otherConversations: try await self.conversations(others, by: signedIn).items.filter { $0.id != id },
            templateNames: Array(Set(try await self.replyTemplates(by: signedIn).map(\.name))).sorted()
        )
    }

    /// What changes in the agent's workspace from now on, on the channel accounts they may see, for
    /// their open screens.
    func workspaceEvents(by signedIn: AuthenticatedAgent) -> AsyncStream<WorkspaceEvent> {
        self.feed.subscribe(workspace: signedIn.workspaceID, channels: signedIn.agent.channelAccess.restriction)
    }
}
