import Foundation
import ShopDeskCore

/// Talks to a channel account's platform: sends replies and reads chats back, over a transport.
/// Requests are built (and signed) by the platform's API value; this type only carries them and pages.
public struct PlatformClient: Sendable {
    let transport: any PlatformTransport
    let now: @Sendable () -> Date

    public init(transport: any PlatformTransport, now: @escaping @Sendable () -> Date = { Date() }) {
        self.transport = transport
        self.now = now
    }

    /// Carries one request built elsewhere (ShopDesk's own outgoing webhooks) and returns the answer.
    public func perform(_ request: PlatformRequest) async throws -> PlatformResponse {
        try await self.transport.perform(request)
    }

    /// Sends one reply. Without an answer the outcome is `.uncertain`; a cancelled send throws.
    public func send(_ reply: OutboundReply, account: ChannelAccount, credentials: ChannelCredentials) async throws -> SendResult {
        guard let sender = PlatformAPIs.sender(for: account) else {
            return .rejected(reason: "\(account.platform.rawValue) channel accounts cannot send replies through ShopDesk")
        }
        let request: PlatformRequest
        do {
            request = try sender.sendRequest(reply, credentials: credentials, now: self.now())
        } catch {
            return .rejected(reason: error.message)
        }
        do {
            return sender.sendResult(try await self.transport.perform(request))
        } catch {
            try Task.checkCancellation()
            return .uncertain(reason: "no answer from \(account.platform.rawValue): \(error)")
        }
    }

    /// Whether resending a reply whose earlier attempt is in doubt can never reach the buyer twice.
    public static func resendIsIdempotent(for account: ChannelAccount) -> Bool {
        PlatformAPIs.sender(for: account)?.resendIsIdempotent ?? false
    }

    /// Whether the platform's chats can be read back (polled and reconciled).
    public static func canRead(_ account: ChannelAccount) -> Bool {
        PlatformAPIs.reader(for: account) != nil
    }

    /// Conversations active after `since` (all on the first page when nil), most recent first, reading
    /// at most `maxPages` pages.
    public func activeConversations(
        since: Date?, account: ChannelAccount, credentials: ChannelCredentials, maxPages: Int = 10
    ) async throws -> [ConversationPage.Item] {
        guard let reader = PlatformAPIs.reader(for: account) else { return [] }
        var items: [ConversationPage.Item] = []
        var page: String? = nil
        for _ in 0..<maxPages {
            let request = try reader.conversationsRequest(page: page, credentials: credentials, now: self.now())
            let result = try reader.conversationsPage(try await self.transport.perform(request))
            let fresh = result.items.filter { item in since.map { (item.lastActivityAt ?? .distantFuture) > $0 } ?? true }
            items += fresh
            // Pages run newest first: once one holds something older than the cursor, the rest is older too.
            guard fresh.count == result.items.count, let next = result.next, since != nil else { break }
            page = next
        }
        return items
    }

    /// The messages of one conversation newer than `since` (the first page when nil), oldest first.
    public func messages(
        in conversation: String, since: Date?, buyer: BuyerProfile?, account: ChannelAccount, credentials: ChannelCredentials,
        maxPages: Int = 10
    ) async throws -> [IncomingMessage] {
        guard let reader = PlatformAPIs.reader(for: account) else { return [] }
        var messages: [IncomingMessage] = []
        var page: String? = nil
        for _ in 0..<maxPages {
            let request = try reader.messagesRequest(conversation: conversation, page: page, credentials: credentials, now: self.now())
            let result = try reader.messagesPage(
                try await self.transport.perform(request), conversation: conversation, buyer: buyer, credentials: credentials,
                account: account
            )
            let fresh = result.messages.filter { message in since.map { message.platformAt >= $0 } ?? true }
            messages += fresh
            guard fresh.count == result.messages.count, let next = result.next, since != nil else { break }
            page = next
        }
        return messages.sorted { $0.platformAt < $1.platformAt }
    }

    /// What the platform says of a reply whose attempt was cut short.
    public enum Reconciliation: Sendable, Hashable {
        /// The platform has it, under this id.
        case sent(platformMessageID: String)
        /// The platform's own record of the thread does not have it: it never arrived.
        case notSent
        /// This platform cannot be asked.
        case unknown
    }

    /// Looks for the reply among the shop's messages in the thread sent from `notBefore` on (less a
    /// margin for clock skew), ignoring the platform ids ShopDesk already holds for other messages.
    /// The same text from the shop in that span is taken to be this reply: an agent sending one text
    /// twice within minutes finds the first of them already delivered, which is what they meant.
    public func reconcile(
        _ reply: OutboundReply, notBefore: Date, excluding known: Set<String>, account: ChannelAccount, credentials: ChannelCredentials
    ) async throws -> Reconciliation {
        guard Self.canRead(account) else { return .unknown }
        let messages = try await self.messages(
            in: reply.conversationExternalID, since: notBefore.addingTimeInterval(-300),
            buyer: BuyerProfile(platformUserID: reply.buyerPlatformUserID), account: account, credentials: credentials
        )
        let match = messages.first { message in
            message.senderKind != .buyer && !known.contains(message.platformMessageID)
                && message.text?.trimmingCharacters(in: .whitespacesAndNewlines) == reply.text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return match.map { .sent(platformMessageID: $0.platformMessageID) } ?? .notSent
    }
}
