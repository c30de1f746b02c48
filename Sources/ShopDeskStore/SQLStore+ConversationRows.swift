import Foundation
import SQLKit
import ShopDeskCore

extension SQLStore {
    /// Conversations with no deadline sort after every conversation that has one.
    static let noDeadlineKey = Int64.max

    static func conversation(from row: any SQLRow) throws -> Conversation {
        let tags = try row.string("tags")
        let state = ConversationState(
            status: try row.enumValue("status"), waitingSince: try row.optionalDate("waiting_since"),
            firstInboundAt: try row.optionalDate("first_inbound_at"), firstResponseAt: try row.optionalDate("first_response_at"),
            lastInboundAt: try row.optionalDate("last_inbound_at"), lastReplyAt: try row.optionalDate("last_reply_at"),
            lastMessageAt: try row.date("last_message_at"), lastMessagePreview: try row.optionalString("last_message_preview"),
            messageCount: try row.int("message_count"), snoozedUntil: try row.optionalDate("snoozed_until"),
            nextDeadline: try row.optionalDate("next_deadline"), deadlineRule: try row.optionalString("deadline_rule").flatMap(DeadlineRule.init),
            sellerInitiated: try row.int("seller_initiated") != 0
        )
        return Conversation(
            id: try row.id("id"), workspaceID: try row.id("workspace_id"), channelAccountID: try row.id("channel_account_id"),
            platform: try row.enumValue("platform"), kind: try row.enumValue("kind"), externalID: try row.string("external_id"),
            buyerID: try row.id("buyer_id"), buyerName: try row.optionalString("buyer_name"), subject: try row.optionalString("subject"),
            assigneeID: try row.optionalID("assignee_id"), tags: tags.isEmpty ? [] : tags.split(separator: ",").map(String.init),
            state: state, createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at")
        )
    }

    static func message(from row: any SQLRow) throws -> Message {
        let attachments = try JSONDecoder().decode([Attachment].self, from: Data(try row.string("attachments").utf8))
        return Message(
            id: try row.id("id"), workspaceID: try row.id("workspace_id"), conversationID: try row.id("conversation_id"),
            direction: try row.enumValue("direction"), senderKind: try row.enumValue("sender_kind"),
            senderAgentID: try row.optionalID("sender_agent_id"), platformMessageID: try row.optionalString("platform_message_id"),
            contentType: try row.enumValue("content_type"), text: try row.optionalString("text"), attachments: attachments,
            platformAt: try row.date("platform_at"), receivedAt: try row.date("received_at"),
            deliveryStatus: try row.optionalString("delivery_status").flatMap(Message.DeliveryStatus.init(rawValue:)),
            deliveryError: try row.optionalString("delivery_error")
        )
    }

    /// Writes a conversation's state (and the key the inbox sorts by) in the current transaction.
    static func saveState(_ state: ConversationState, of id: Conversation.ID, now: Date, in db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE conversations SET status = \(bind: state.status.rawValue),
                waiting_since = \(bind: state.waitingSince?.storeMillis), first_inbound_at = \(bind: state.firstInboundAt?.storeMillis),
                first_response_at = \(bind: state.firstResponseAt?.storeMillis), last_inbound_at = \(bind: state.lastInboundAt?.storeMillis),
                last_reply_at = \(bind: state.lastReplyAt?.storeMillis), last_message_at = \(bind: state.lastMessageAt.storeMillis),
                last_message_preview = \(bind: state.lastMessagePreview), message_count = \(bind: Int64(state.messageCount)),
                snoozed_until = \(bind: state.snoozedUntil?.storeMillis), next_deadline = \(bind: state.nextDeadline?.storeMillis),
                deadline_key = \(bind: state.nextDeadline?.storeMillis ?? noDeadlineKey),
                deadline_rule = \(bind: state.deadlineRule?.description), updated_at = \(bind: now.storeMillis)
            WHERE id = \(bind: id.rawValue)
            """
        ).run()
    }

    /// What a stored message does to its conversation's state, the one place every path (a push, a poll,
    /// one message at a time or a batch, an agent's reply or note) asks: the Core transition, plus the one
    /// fact Core may ask for when a reply arrives out of order (the oldest buyer message after it).
    static func apply(
        _ message: Message, to state: ConversationState, of id: Conversation.ID, rules: DeadlineRules, in db: any SQLDatabase
    ) async throws -> ConversationState {
        let facts = ConversationState.MessageFacts(
            direction: message.direction, senderKind: message.senderKind, platformAt: message.platformAt,
            preview: Self.preview(of: message.contentType, text: message.text)
        )
        let transition = state.applying(facts, rules: rules)
        guard let after = transition.needsWaitingRecount else { return transition.state }
        var recounted = transition.state
        recounted.waitingSince = try await Self.oldestInbound(in: id, after: after, in: db)
        return recounted.withDeadline(rules: rules)
    }

    /// A conversation of `agent`'s (one they may see) with its channel account's deadline rules, read in
    /// the current transaction and, on PostgreSQL, locked until it ends.
    static func conversationForUpdate(
        _ id: Conversation.ID, for agent: Agent, lock: Bool, in db: any SQLDatabase
    ) async throws -> (Conversation, DeadlineRules) {
        let row = try await db.raw(
            SQLQueryString(
                """
                SELECT * FROM conversations WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: agent.workspaceID.rawValue)
                """) + SQLQueryString(lock ? " FOR UPDATE" : "")
        ).first()
        guard let row, case let conversation = try Self.conversation(from: row), agent.canAccess(conversation.channelAccountID) else {
            throw StoreError.notFound("conversation \(id)")
        }
        let channel = conversation.channelAccountID
        guard let rules = try await Self.channelsWithRules([channel.rawValue], includingArchived: true, in: db)[channel]?.rules else {
            throw StoreError.notFound("channel account \(channel)")
        }
        return (conversation, rules)
    }

    /// Inserts one message row in the current transaction and indexes it for search; false when its
    /// platform id (or client id) was taken.
    static func insert(
        _ message: Message, channel: ChannelAccount.ID, clientID: String?, kind: EngineKind, in db: any SQLDatabase
    ) async throws -> Bool {
        let attachments = String(decoding: try JSONEncoder().encode(message.attachments), as: UTF8.self)
        let row = try await db.raw(
            """
            INSERT INTO messages (id, workspace_id, conversation_id, channel_account_id, direction, sender_kind,
                sender_agent_id, platform_message_id, client_id, content_type, text, attachments, platform_at,
                received_at, delivery_status, delivery_error)
            VALUES (\(bind: message.id.rawValue), \(bind: message.workspaceID.rawValue), \(bind: message.conversationID.rawValue),
                \(bind: channel.rawValue), \(bind: message.direction.rawValue), \(bind: message.senderKind.rawValue),
                \(bind: message.senderAgentID?.rawValue), \(bind: message.platformMessageID), \(bind: clientID),
                \(bind: message.contentType.rawValue), \(bind: message.text), \(bind: attachments),
                \(bind: message.platformAt.storeMillis), \(bind: message.receivedAt.storeMillis),
                \(bind: message.deliveryStatus?.rawValue), \(bind: message.deliveryError))
            ON CONFLICT DO NOTHING RETURNING id
            """
        ).first()
        guard row != nil else { return false }
        let entry = SearchEntry(workspaceID: message.workspaceID.rawValue, conversationID: message.conversationID.rawValue, text: message.text)
        try await Self.indexStored([(message.id.rawValue, entry)], kind: kind, in: db)
        return true
    }

    /// The platform time of the oldest buyer message after `time`, for out-of-order replies.
    static func oldestInbound(in conversation: Conversation.ID, after time: Date, in db: any SQLDatabase) async throws -> Date? {
        let row = try await db.raw(
            """
            SELECT MIN(platform_at) AS t FROM messages
            WHERE conversation_id = \(bind: conversation.rawValue) AND direction = 'inbound' AND platform_at > \(bind: time.storeMillis)
            """
        ).first()
        return try row?.optionalDate("t")
    }

    /// Short text for conversation lists when a message has no text of its own.
    static func preview(of contentType: Message.ContentType, text: String?) -> String? {
        if let text, !text.isEmpty { return text }
        switch contentType {
        case .text: return nil
        case .image: return "[image]"
        case .sticker: return "[sticker]"
        case .video: return "[video]"
        case .productCard: return "[product]"
        case .orderCard: return "[order]"
        case .other: return "[attachment]"
        }
    }
}
