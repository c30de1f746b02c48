import Foundation
import SQLKit
import ShopDeskCore

/// Why one message of an ingest batch was not stored (the rest of the batch is unaffected).
public enum IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownChannelAccount(ChannelAccount.ID)
    case invalid(String)
    /// The server is shutting down and takes no new work; the platform will deliver again.
    case shuttingDown
    /// More is waiting to be written than can be committed within a platform's delivery budget; the
    /// platform should deliver again shortly.
    case overloaded

    public var description: String {
        switch self {
        case .unknownChannelAccount(let id): "channel account \(id) does not exist or is archived"
        case .invalid(let message): message
        case .shuttingDown: "the server is shutting down"
        case .overloaded: "ShopDesk is receiving more than it can store in time; deliver again shortly"
        }
    }
}

/// What storing one push did: one result per message (in the push's order) and what changed.
public struct PushReceipt: Sendable {
    public var messages: [Result<IngestOutcome, IngestError>]
    public var changes: Changes

    public init(messages: [Result<IngestOutcome, IngestError>], changes: Changes) {
        self.messages = messages
        self.changes = changes
    }
}

extension SQLStore {
    /// Stores incoming messages in one transaction and moves their conversations' state (`record` for
    /// messages alone). Results come back in the order of `messages`.
    public func ingest(_ messages: [IncomingMessage], receivedAt: Date) async throws -> [Result<IngestOutcome, IngestError>] {
        try await self.record([InboundPush(messages: messages)], receivedAt: receivedAt)[0].messages
    }

    /// Stores everything `pushes` brought in one transaction: their messages (each platform message id at
    /// most once per channel account, applied in platform-time order, whether earlier in this batch,
    /// earlier in the database or concurrently on another node), then each push's other events (order
    /// events, nudges to fetch a conversation, delivery receipts, the raw body of what is not used yet).
    /// Either all of it is stored or, when anything fails, none of it.
    ///
    /// Messages are written with a few set-based statements (see `SQLStore+IngestBatch.swift`). If
    /// another node stores one of them between the look and the insert, the transaction is rolled back
    /// and written again one message at a time, which settles each such race as it meets it.
    public func record(_ pushes: [InboundPush], receivedAt: Date) async throws -> [PushReceipt] {
        let messages = pushes.flatMap(\.messages)
        let ids = self.ids
        let kind = self.engine.kind
        do {
            return try await self.engine.transaction { db in
                let results = try await Self.ingestAsBatch(messages, receivedAt: receivedAt, ids: ids, kind: kind, in: db)
                return try await Self.recordEvents(of: pushes, messageResults: results, receivedAt: receivedAt, ids: ids, in: db)
            }
        } catch IngestRace.messageStoredConcurrently {
            return try await self.engine.transaction { db in
                let results = try await Self.ingestOneByOne(messages, receivedAt: receivedAt, ids: ids, kind: kind, in: db)
                return try await Self.recordEvents(of: pushes, messageResults: results, receivedAt: receivedAt, ids: ids, in: db)
            }
        }
    }

    /// The same as `ingestAsBatch`, one message at a time: a handful of statements per message.
    static func ingestOneByOne(
        _ messages: [IncomingMessage], receivedAt: Date, ids: IDGenerator, kind: EngineKind, in db: any SQLDatabase
    ) async throws -> [Result<IngestOutcome, IngestError>] {
        let channelIDs = Set(messages.map(\.channelAccountID)).map(\.rawValue).sorted()
        let order = messages.indices.sorted { messages[$0].platformAt < messages[$1].platformAt }
        // Read inside the transaction, so a policy changed concurrently cannot leave this batch's
        // deadlines computed from the old one.
        let channels = try await Self.channelsWithRules(channelIDs, in: db)
        var results = [Result<IngestOutcome, IngestError>?](repeating: nil, count: messages.count)
        var seen: [MessageKey: IngestOutcome] = [:]
        var touched: [Conversation.ID: ConversationState] = [:]
        var conversationIDs: [ThreadKey: Conversation.ID] = [:]
        for index in order {
            let incoming = messages[index]
            guard let channel = channels[incoming.channelAccountID] else {
                results[index] = .failure(.unknownChannelAccount(incoming.channelAccountID))
                continue
            }
            let key = MessageKey(incoming)
            if let earlier = seen[key] {
                results[index] = .success(earlier.asDuplicate)
                continue
            }
            if let stored = try await Self.storedMessage(incoming, in: db) {
                results[index] = .success(stored)
                seen[key] = stored
                continue
            }
            let buyerID = try await Self.resolveBuyer(
                incoming, workspace: channel.workspace, platform: channel.platform, ids: ids, now: receivedAt, in: db)
            let thread = ThreadKey(incoming)
            let conversationID: Conversation.ID
            if let known = conversationIDs[thread] {
                conversationID = known
            } else {
                let (id, state) = try await Self.resolveConversation(
                    incoming, workspace: channel.workspace, platform: channel.platform, buyer: buyerID, ids: ids, now: receivedAt,
                    lock: kind == .postgres, in: db
                )
                conversationID = id
                conversationIDs[thread] = id
                if touched[id] == nil { touched[id] = state }
            }
            let message = Self.message(incoming, id: ids.make(), workspace: channel.workspace, conversation: conversationID, receivedAt: receivedAt)
            guard try await Self.insert(message, channel: incoming.channelAccountID, clientID: nil, kind: kind, in: db) else {
                // Another node stored it between our check and our insert.
                if let stored = try await Self.storedMessage(incoming, in: db) {
                    results[index] = .success(stored)
                    seen[key] = stored
                }
                continue
            }
            touched[conversationID] = try await Self.apply(
                message, to: touched[conversationID]!, of: conversationID, rules: channel.rules, in: db)
            let outcome = IngestOutcome(messageID: message.id, conversationID: conversationID, duplicate: false, workspaceID: channel.workspace)
            results[index] = .success(outcome)
            seen[key] = outcome
        }
        for (id, state) in touched {
            try await Self.saveState(state, of: id, now: receivedAt, in: db)
        }
        return results.map { $0 ?? .failure(.invalid("message was not processed")) }
    }

    static func storedMessage(_ incoming: IncomingMessage, in db: any SQLDatabase) async throws -> IngestOutcome? {
        try await db.raw(
            """
            SELECT id, conversation_id, workspace_id FROM messages
            WHERE channel_account_id = \(bind: incoming.channelAccountID.rawValue)
            AND platform_message_id = \(bind: incoming.platformMessageID)
            """
        ).first().map {
            IngestOutcome(
                messageID: try $0.id("id"), conversationID: try $0.id("conversation_id"), duplicate: true, workspaceID: try $0.id("workspace_id")
            )
        }
    }

    /// Finds the buyer behind a message's platform user id on its channel account, creating buyer and
    /// identity the first time.
    static func resolveBuyer(
        _ incoming: IncomingMessage, workspace: Workspace.ID, platform: Platform, ids: IDGenerator, now: Date,
        in db: any SQLDatabase
    ) async throws -> Buyer.ID {
        try await Self.resolveBuyer(
            incoming.buyer, channel: incoming.channelAccountID, workspace: workspace, platform: platform, ids: ids, now: now, in: db)
    }

    /// Finds the buyer behind a platform user id on this channel account (of a message, or of an order),
    /// creating buyer and identity the first time.
    static func resolveBuyer(
        _ profile: BuyerProfile, channel channelID: ChannelAccount.ID, workspace: Workspace.ID, platform: Platform, ids: IDGenerator, now: Date,
        in db: any SQLDatabase
    ) async throws -> Buyer.ID {
        let channel = channelID.rawValue
        if let row = try await db.raw(
            """
            SELECT id, buyer_id, display_name, language FROM buyer_identities
            WHERE channel_account_id = \(bind: channel) AND platform_user_id = \(bind: profile.platformUserID)
            """
        ).first() {
            let storedName = try row.optionalString("display_name")
            let storedLanguage = try row.optionalString("language")
            let name = profile.displayName ?? storedName
            let language = profile.language ?? storedLanguage
            if name != storedName || language != storedLanguage {
                try await db.raw(
                    """
                    UPDATE buyer_identities SET display_name = \(bind: name), language = \(bind: language)
                    WHERE id = \(bind: try row.string("id"))
                    """
                ).run()
            }
            return try row.id("buyer_id")
        }
        let buyer: Buyer.ID = ids.make()
        let identity: BuyerIdentity.ID = ids.make()
        try await db.raw(
            """
            INSERT INTO buyers (id, workspace_id, display_name, created_at)
            VALUES (\(bind: buyer.rawValue), \(bind: workspace.rawValue), \(bind: profile.displayName), \(bind: now.storeMillis))
            """
        ).run()
        let inserted = try await db.raw(
            """
            INSERT INTO buyer_identities (id, workspace_id, buyer_id, channel_account_id, platform, platform_user_id,
                display_name, language, created_at)
            VALUES (\(bind: identity.rawValue), \(bind: workspace.rawValue), \(bind: buyer.rawValue), \(bind: channel),
                \(bind: platform.rawValue), \(bind: profile.platformUserID), \(bind: profile.displayName),
                \(bind: profile.language), \(bind: now.storeMillis))
            ON CONFLICT DO NOTHING RETURNING id
            """
        ).first()
        if inserted != nil { return buyer }
        // Another node created this identity first: use its buyer and drop ours.
        try await db.raw("DELETE FROM buyers WHERE id = \(bind: buyer.rawValue)").run()
        let row = try await db.raw(
            """
            SELECT buyer_id FROM buyer_identities
            WHERE channel_account_id = \(bind: channel) AND platform_user_id = \(bind: profile.platformUserID)
            """
        ).first()
        guard let row else { throw StoreError.conflict("buyer identity vanished during ingest") }
        return try row.id("buyer_id")
    }

    /// Finds (and on PostgreSQL locks) the conversation a message belongs to, creating it the first time.
    static func resolveConversation(
        _ incoming: IncomingMessage, workspace: Workspace.ID, platform: Platform, buyer: Buyer.ID, ids: IDGenerator,
        now: Date, lock: Bool, in db: any SQLDatabase
    ) async throws -> (Conversation.ID, ConversationState) {
        let channel = incoming.channelAccountID.rawValue
        let select =
            SQLQueryString(
                """
                SELECT * FROM conversations WHERE channel_account_id = \(bind: channel)
                AND kind = \(bind: incoming.conversationKind.rawValue) AND external_id = \(bind: incoming.conversationExternalID)
                """) + SQLQueryString(lock ? " FOR UPDATE" : "")
        if let row = try await db.raw(select).first() {
            let conversation = try Self.conversation(from: row)
            return (conversation.id, conversation.state)
        }
        let id: Conversation.ID = ids.make()
        let state = ConversationState.empty(at: incoming.platformAt)
        try await db.raw(
            """
            INSERT INTO conversations (id, workspace_id, channel_account_id, platform, kind, external_id, buyer_id,
                buyer_name, subject, tags, status, last_message_at, message_count, deadline_key, created_at, updated_at)
            VALUES (\(bind: id.rawValue), \(bind: workspace.rawValue), \(bind: channel), \(bind: platform.rawValue),
                \(bind: incoming.conversationKind.rawValue), \(bind: incoming.conversationExternalID), \(bind: buyer.rawValue),
                \(bind: incoming.buyer.displayName), \(bind: incoming.subject), '', 'open',
                \(bind: incoming.platformAt.storeMillis), 0, \(bind: noDeadlineKey), \(bind: now.storeMillis), \(bind: now.storeMillis))
            ON CONFLICT DO NOTHING
            """
        ).run()
        guard let row = try await db.raw(select).first() else {
            throw StoreError.conflict("conversation vanished during ingest")
        }
        let conversation = try Self.conversation(from: row)
        return (conversation.id, conversation.id == id ? state : conversation.state)
    }
}
