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
    /// The approved templates of the conversation's WhatsApp number (none on other platforms).
    var whatsAppTemplates: [WhatsAppTemplate]
    /// Only an approved template can be sent now (WhatsApp, more than 24 hours after the buyer).
    var templateOnly: Bool
    /// The stock of the catalog SKUs the conversation is about (product cards, SKUs the buyer wrote).
    var stock: [StockedSKU]
    /// The buyer's latest orders on every channel linked to them, and those with a request awaiting an answer.
    var orders: [Order]
    var ordersAwaitingAnswer: Set<Order.ID>
    /// When the screen was read (the countdown starts from it).
    var now: Date
}

/// What the service-level dashboard shows: every metric with its last days, the conversations near
/// their deadline, and the first response times of those days.
struct DashboardScreen: Sendable {
    var reports: [RateReport]
    var atRisk: [Conversation]
    var firstResponseSeconds: [TimeInterval]
    /// Each marketplace shop's late-dispatch rate over the last 7 days.
    var lateDispatch: [ShopDispatch]
}

/// A conversation's messages alone (masked), with the channel account whose time zone shows them.
struct ThreadScreen: Sendable {
    var account: ChannelAccount
    var messages: [Message]
}

extension Desk {
    /// The channel accounts the agent may see, and a masking filter for everything shown with them:
    /// the accounts are read once per screen.
    private func screenContext(by signedIn: AuthenticatedAgent) async throws -> (accounts: [ChannelAccount], filter: PersonalDataFilter) {
        let all = try await self.store.listChannelAccounts(workspace: signedIn.workspaceID)
        return (all.filter { signedIn.agent.canAccess($0.id) }, PersonalDataFilter(masker: self.compliance.masker, accounts: all, reveal: false))
    }

    func inbox(_ query: ConversationQuery, by signedIn: AuthenticatedAgent) async throws -> InboxScreen {
        let (accounts, filter) = try await self.screenContext(by: signedIn)
        let page = try await self.conversations(query, by: signedIn, filter: filter)
        let now = self.now
        return InboxScreen(
            conversations: page.items, unread: try await self.store.unread(page.items, for: signedIn.agent),
            unreadCount: try await self.store.unreadCount(for: signedIn.agent),
            atRisk: page.items.filter { ConversationDeadline.isAtRisk($0.state.nextDeadline, now: now) }.count,
            accounts: accounts
        )
    }

    func conversationScreen(_ id: Conversation.ID, by signedIn: AuthenticatedAgent) async throws -> ConversationScreen {
        let (accounts, filter) = try await self.screenContext(by: signedIn)
        let (conversation, messages) = try await self.conversation(id, by: signedIn, filter: filter)
        guard let account = accounts.first(where: { $0.id == conversation.channelAccountID }) else {
            throw StoreError.notFound("conversation \(id)")
        }
        try await self.store.markRead(id, by: signedIn.agent, now: self.now)
        var others = ConversationQuery()
        others.buyerID = conversation.buyerID
        others.order = .recent
        others.limit = 10
        let orders = try await self.buyerOrders(conversation.buyerID, by: signedIn)
        return ConversationScreen(
            conversation: conversation, account: account, messages: messages,
            agents: try await self.store.listAgents(workspace: signedIn.workspaceID),
            buyer: try await self.buyer(conversation.buyerID, by: signedIn, filter: filter),
            otherConversations: try await self.conversations(others, by: signedIn, filter: filter).items.filter { $0.id != id },
            templateNames: Array(Set(try await self.replyTemplates(by: signedIn).map(\.name))).sorted(),
            whatsAppTemplates: account.platform == .whatsapp
                ? try await self.store.whatsAppTemplates(channel: account.id, workspace: signedIn.workspaceID) : [],
            templateOnly: conversation.kind == .direct
                && MessagingWindow.verdict(
                    platform: account.platform, lastBuyerMessageAt: conversation.state.lastInboundAt, now: self.now, byHuman: true
                ).templateOnly,
            stock: try await self.store.mentionedStock(
                channel: account.id,
                productIDs: Set(messages.flatMap(\.attachments).filter { $0.kind == .product }.compactMap(\.referenceID)),
                texts: messages.filter { $0.direction == .inbound }.compactMap(\.text), workspace: signedIn.workspaceID),
            orders: orders, ordersAwaitingAnswer: try await self.awaitingAnswer(orders, by: signedIn),
            now: self.now
        )
    }

    func thread(_ id: Conversation.ID, by signedIn: AuthenticatedAgent) async throws -> ThreadScreen {
        let (accounts, filter) = try await self.screenContext(by: signedIn)
        let (conversation, messages) = try await self.conversation(id, by: signedIn, filter: filter)
        guard let account = accounts.first(where: { $0.id == conversation.channelAccountID }) else {
            throw StoreError.notFound("conversation \(id)")
        }
        return ThreadScreen(account: account, messages: messages)
    }

    func dashboard(days: Int, by signedIn: AuthenticatedAgent) async throws -> DashboardScreen {
        DashboardScreen(
            reports: try await self.rateReports(asOf: self.now, historyDays: days, by: signedIn),
            atRisk: try await self.atRiskConversations(within: nil, limit: 50, by: signedIn),
            firstResponseSeconds: try await self.firstResponseSeconds(days: days, by: signedIn),
            lateDispatch: try await self.lateDispatchByShop(by: signedIn)
        )
    }

    /// What changes in the agent's workspace from now on, on the channel accounts they may see, for
    /// their open screens.
    func workspaceEvents(by signedIn: AuthenticatedAgent) -> AsyncStream<WorkspaceEvent> {
        self.feed.subscribe(workspace: signedIn.workspaceID, channels: signedIn.agent.channelAccess.restriction)
    }
}
