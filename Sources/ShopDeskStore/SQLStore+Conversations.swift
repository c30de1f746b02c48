import Foundation
import SQLKit
import ShopDeskCore

/// Filters and paging for the conversation list.
public struct ConversationQuery: Sendable {
    public enum Order: String, Sendable {
        /// Nearest deadline first; conversations nobody waits on come last.
        case deadline
        /// Most recent message first.
        case recent
    }

    public enum Assignee: Sendable, Equatable {
        case agent(Agent.ID)
        case unassigned
    }

    public var channelAccountID: ChannelAccount.ID?
    public var platform: Platform?
    public var kind: Conversation.Kind?
    public var status: Conversation.Status?
    /// Leaves snoozed conversations out when no status is asked for: the agent's queue, which a snoozed
    /// conversation leaves until its time (its platform deadline still raises alerts).
    public var hidesSnoozed = false
    public var assignee: Assignee?
    public var tag: String?
    /// One buyer's conversations (on every channel their identities are linked across).
    public var buyerID: Buyer.ID?
    /// Buyers writing this language (BCP 47 primary tag, `vi` also matching `vi-VN`).
    public var language: String?
    /// Words in buyer names and message text, matched through the search index (see `SearchText`).
    public var text: String?
    /// Only conversations whose deadline is at or before this time (the at-risk list).
    public var deadlineBefore: Date?
    public var order: Order = .deadline
    public var cursor: String?
    public var limit: Int = 50

    public init() {}
}

/// One page of conversations and the cursor for the next (nil on the last page).
public struct ConversationPage: Sendable {
    public var items: [Conversation]
    public var nextCursor: String?
}

extension SQLStore {
    /// Lists the conversations `agent` may see, filtered and ordered as asked.
    public func listConversations(for agent: Agent, query: ConversationQuery) async throws -> ConversationPage {
        guard (1...200).contains(query.limit) else {
            throw StoreError.invalid(field: "limit", message: "limit must be between 1 and 200")
        }
        var search: SearchFilter?
        if let text = query.text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty {
            search = try await self.searchFilter(text)
        }
        var sql = SQLQueryString("SELECT c.* FROM conversations c WHERE c.workspace_id = \(bind: agent.workspaceID.rawValue)")
        switch search {
        case .nothing:
            return ConversationPage(items: [], nextCursor: nil)
        case .conversations(let ids):
            // By id first: on SQLite `+` keeps the planner off the workspace's deadline index, which it
            // would otherwise walk from the start to find a few rows (150 ms at 1,000,000 conversations).
            let workspace = self.engine.kind == .sqlite ? "+c.workspace_id" : "c.workspace_id"
            sql =
                SQLQueryString("SELECT c.* FROM conversations c WHERE c.id IN (") + Self.bindList(ids)
                + SQLQueryString(") AND \(unsafeRaw: workspace) = \(bind: agent.workspaceID.rawValue)")
        case .condition(let condition):
            sql = sql + condition
        case nil:
            break
        }
        if case .only(let channels) = agent.effectiveChannelAccess {
            let allowed = channels.map(\.rawValue).sorted()
            if allowed.isEmpty { return ConversationPage(items: [], nextCursor: nil) }
            sql = sql + SQLQueryString(" AND c.channel_account_id IN (") + Self.bindList(allowed) + SQLQueryString(")")
        }
        if let channel = query.channelAccountID { sql = sql + " AND c.channel_account_id = \(bind: channel.rawValue)" }
        if let platform = query.platform { sql = sql + " AND c.platform = \(bind: platform.rawValue)" }
        if let kind = query.kind { sql = sql + " AND c.kind = \(bind: kind.rawValue)" }
        if let buyer = query.buyerID { sql = sql + " AND c.buyer_id = \(bind: buyer.rawValue)" }
        if let language = query.language?.lowercased(), !language.isEmpty {
            sql =
                sql + """
                     AND EXISTS (SELECT 1 FROM buyer_identities i WHERE i.buyer_id = c.buyer_id
                     AND i.channel_account_id = c.channel_account_id AND (LOWER(i.language) = \(bind: language) OR LOWER(i.language) LIKE \(bind: language + "-%")))
                    """
        }
        if let status = query.status {
            sql = sql + " AND c.status = \(bind: status.rawValue)"
        } else if query.hidesSnoozed {
            sql = sql + " AND c.status <> 'snoozed'"
        }
        switch query.assignee {
        case .agent(let id): sql = sql + " AND c.assignee_id = \(bind: id.rawValue)"
        case .unassigned: sql = sql + " AND c.assignee_id IS NULL"
        case nil: break
        }
        if let tag = query.tag {
            let tag = tag.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            sql = sql + " AND EXISTS (SELECT 1 FROM conversation_tags t WHERE t.conversation_id = c.id AND t.tag = \(bind: tag))"
        }
        if let before = query.deadlineBefore {
            sql = sql + " AND c.deadline_key <= \(bind: before.storeMillis)"
        }
        let cursor = try query.cursor.map(Self.decodeCursor)
        switch query.order {
        case .deadline:
            if let cursor {
                sql = sql + " AND (c.deadline_key > \(bind: cursor.key) OR (c.deadline_key = \(bind: cursor.key) AND c.id > \(bind: cursor.id)))"
            }
            sql = sql + " ORDER BY c.deadline_key ASC, c.id ASC"
        case .recent:
            if let cursor {
                sql =
                    sql + " AND (c.last_message_at < \(bind: cursor.key) OR (c.last_message_at = \(bind: cursor.key) AND c.id < \(bind: cursor.id)))"
            }
            sql = sql + " ORDER BY c.last_message_at DESC, c.id DESC"
        }
        sql = sql + " LIMIT \(bind: Int64(query.limit + 1))"
        let finalSQL = sql
        var items = try await self.engine.read { db in
            try await db.raw(finalSQL).all().map(Self.conversation(from:))
        }
        var next: String?
        if items.count > query.limit {
            items.removeLast()
            if let last = items.last {
                let key =
                    query.order == .deadline ? (last.state.nextDeadline?.storeMillis ?? Self.noDeadlineKey) : last.state.lastMessageAt.storeMillis
                next = Self.encodeCursor(key: key, id: last.id.rawValue)
            }
        }
        return ConversationPage(items: items, nextCursor: next)
    }

    /// A conversation the agent may see.
    public func conversation(_ id: Conversation.ID, for agent: Agent) async throws -> Conversation {
        let row = try await self.engine.read { db in
            try await db.raw(
                """
                SELECT * FROM conversations WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: agent.workspaceID.rawValue)
                """
            ).first()
        }
        guard let row, case let conversation = try Self.conversation(from: row), agent.canAccess(conversation.channelAccountID) else {
            throw StoreError.notFound("conversation \(id)")
        }
        return conversation
    }

    /// The messages of a conversation in platform-time order.
    public func messages(in conversation: Conversation.ID, for agent: Agent) async throws -> [Message] {
        _ = try await self.conversation(conversation, for: agent)
        return try await self.engine.read { db in
            try await db.raw(
                """
                SELECT * FROM messages WHERE conversation_id = \(bind: conversation.rawValue)
                AND workspace_id = \(bind: agent.workspaceID.rawValue) ORDER BY platform_at, received_at, id
                """
            ).all().map(Self.message(from:))
        }
    }

    /// Records an agent's reply and its outbox row in one transaction. With a `clientID`, a repeated
    /// submission returns the reply already recorded instead of a second one.
    /// With `template`, the reply goes out as that WhatsApp template message (its text is the filled body).
    public func recordReply(
        to conversation: Conversation.ID, text: String, clientID: String?, template: TemplateMessage? = nil, by agent: Agent, now: Date
    ) async throws -> Message {
        try await self.recordAgentMessage(.outbound, in: conversation, text: text, clientID: clientID, template: template, by: agent, now: now)
    }

    /// The message recorded with `clientID` in a conversation the agent may see, if any.
    public func reply(clientID: String, in conversation: Conversation.ID, for agent: Agent) async throws -> Message? {
        let row = try await self.engine.read { db in
            try await db.raw(
                """
                SELECT m.*, c.channel_account_id AS conversation_channel FROM messages m JOIN conversations c ON c.id = m.conversation_id
                WHERE m.conversation_id = \(bind: conversation.rawValue) AND m.client_id = \(bind: clientID)
                AND c.workspace_id = \(bind: agent.workspaceID.rawValue)
                """
            ).first()
        }
        guard let row, agent.canAccess(try row.id("conversation_channel")) else { return nil }
        return try Self.message(from: row)
    }

    /// Records an internal note (never sent to the platform).
    public func recordNote(on conversation: Conversation.ID, text: String, by agent: Agent, now: Date) async throws -> Message {
        try await self.recordAgentMessage(.note, in: conversation, text: text, clientID: nil, by: agent, now: now)
    }

    private func recordAgentMessage(
        _ direction: Message.Direction, in conversationID: Conversation.ID, text: String, clientID: String?,
        template: TemplateMessage? = nil, by agent: Agent, now: Date
    ) async throws -> Message {
        let templateJSON = try template.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= Message.maximumTextLength else {
            throw StoreError.invalid(field: "text", message: "text must be 1 to \(Message.maximumTextLength) characters")
        }
        let messageID: Message.ID = self.ids.make()
        let outboxID: Identifier<Message> = self.ids.make()
        let lock = self.engine.kind == .postgres
        return try await self.engine.transaction { db in
            let (conversation, rules) = try await Self.conversationForUpdate(conversationID, for: agent, lock: lock, in: db)
            if let clientID,
                let row = try await db.raw(
                    """
                    SELECT * FROM messages WHERE conversation_id = \(bind: conversationID.rawValue) AND client_id = \(bind: clientID)
                    """
                ).first()
            {
                return try Self.message(from: row)
            }
            let message = Message(
                id: messageID, workspaceID: agent.workspaceID, conversationID: conversationID, direction: direction,
                senderKind: .agent, senderAgentID: agent.id, platformMessageID: nil, contentType: .text, text: text,
                attachments: [], platformAt: now, receivedAt: now, deliveryStatus: direction == .outbound ? .queued : nil,
                deliveryError: nil
            )
            guard try await Self.insert(message, channel: conversation.channelAccountID, clientID: clientID, kind: self.engine.kind, in: db) else {
                throw StoreError.conflict("a message with this client_id was recorded concurrently")
            }
            if let templateJSON {
                try await db.raw("UPDATE messages SET template = \(bind: templateJSON) WHERE id = \(bind: message.id.rawValue)").run()
            }
            if direction == .outbound {
                try await db.raw(
                    """
                    INSERT INTO outbox (id, workspace_id, message_id, channel_account_id, status, attempts, next_attempt_at, created_at)
                    VALUES (\(bind: outboxID.rawValue), \(bind: agent.workspaceID.rawValue), \(bind: message.id.rawValue),
                        \(bind: conversation.channelAccountID.rawValue), 'pending', 0, \(bind: now.storeMillis), \(bind: now.storeMillis))
                    """
                ).run()
            }
            let state = try await Self.apply(message, to: conversation.state, of: conversationID, rules: rules, in: db)
            try await Self.saveState(state, of: conversationID, now: now, in: db)
            return message
        }
    }

    /// Assigns the conversation to an agent of the same workspace who may see it, or unassigns it.
    public func assign(_ conversationID: Conversation.ID, to assignee: Agent.ID?, by agent: Agent, now: Date) async throws -> Conversation {
        var conversation = try await self.conversation(conversationID, for: agent)
        if let assignee {
            let target = try await self.agentOrInvalid(assignee, workspace: agent.workspaceID)
            guard target.canAccess(conversation.channelAccountID) else {
                throw StoreError.invalid(field: "assignee_id", message: "\(target.email) has no access to this channel account")
            }
        }
        try await self.engine.transaction { db in
            try await db.raw(
                """
                UPDATE conversations SET assignee_id = \(bind: assignee?.rawValue), updated_at = \(bind: now.storeMillis)
                WHERE id = \(bind: conversationID.rawValue) AND workspace_id = \(bind: agent.workspaceID.rawValue)
                """
            ).run()
        }
        conversation.assigneeID = assignee
        conversation.updatedAt = now
        return conversation
    }

    /// Changes the status; snoozing pauses the deadline until `snoozedUntil`.
    public func setStatus(
        _ conversationID: Conversation.ID, to status: Conversation.Status, snoozedUntil: Date?, by agent: Agent, now: Date
    ) async throws -> Conversation {
        let lock = self.engine.kind == .postgres
        return try await self.engine.transaction { db in
            var (conversation, rules) = try await Self.conversationForUpdate(conversationID, for: agent, lock: lock, in: db)
            conversation.state = try conversation.state.settingStatus(status, snoozedUntil: snoozedUntil, now: now, rules: rules)
            conversation.updatedAt = now
            try await Self.saveState(conversation.state, of: conversationID, now: now, in: db)
            return conversation
        }
    }

    /// Replaces the conversation's tags.
    public func setTags(_ conversationID: Conversation.ID, to tags: [String], by agent: Agent, now: Date) async throws -> Conversation {
        let tags = try Conversation.normalizedTags(tags)
        var conversation = try await self.conversation(conversationID, for: agent)
        let workspace = agent.workspaceID.rawValue
        try await self.engine.transaction { db in
            try await db.raw("DELETE FROM conversation_tags WHERE conversation_id = \(bind: conversationID.rawValue)").run()
            for tag in tags {
                try await db.raw(
                    """
                    INSERT INTO conversation_tags (workspace_id, conversation_id, tag)
                    VALUES (\(bind: workspace), \(bind: conversationID.rawValue), \(bind: tag))
                    """
                ).run()
            }
            try await db.raw(
                """
                UPDATE conversations SET tags = \(bind: tags.joined(separator: ",")), updated_at = \(bind: now.storeMillis)
                WHERE id = \(bind: conversationID.rawValue) AND workspace_id = \(bind: workspace)
                """
            ).run()
        }
        conversation.tags = tags
        conversation.updatedAt = now
        return conversation
    }

    private func agentOrInvalid(_ id: Agent.ID, workspace: Workspace.ID) async throws -> Agent {
        do {
            return try await self.agent(id, workspace: workspace)
        } catch StoreError.notFound {
            throw StoreError.invalid(field: "assignee_id", message: "no agent \(id) in this workspace")
        }
    }

    // MARK: Cursors and lists

    static func bindList(_ values: [String]) -> SQLQueryString {
        var list = SQLQueryString("")
        for (index, value) in values.enumerated() {
            list = list + (index == 0 ? "\(bind: value)" : ", \(bind: value)")
        }
        return list
    }

    /// Cursors are opaque to clients: base64url of "key:id".
    static func encodeCursor(key: Int64, id: String) -> String {
        Data("\(key):\(id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decodeCursor(_ cursor: String) throws -> (key: Int64, id: String) {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
            let colon = text.firstIndex(of: ":"), let key = Int64(text[..<colon])
        else {
            throw StoreError.invalid(field: "cursor", message: "cursor is not one this server issued")
        }
        return (key, String(text[text.index(after: colon)...]))
    }
}
