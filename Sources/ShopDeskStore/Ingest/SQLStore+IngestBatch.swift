import Foundation
import SQLKit
import ShopDeskCore

/// Another node stored one of the batch's messages between this transaction's look and its insert.
enum IngestRace: Error {
    case messageStoredConcurrently
}

extension SQLStore {
    /// Writes a batch with set-based statements: what is already stored, the buyers' identities and the
    /// conversations are each read with one query per channel account (new ones inserted with
    /// multi-row statements), the conversations' states are moved in memory in platform-time order,
    /// and then the messages are inserted and the states saved, each with one statement per hundred
    /// rows. A message costs a few microseconds of SQL instead of a handful of round trips.
    ///
    /// The result is the same as `ingestOneByOne`'s: messages are applied in platform-time order, and
    /// the only query a transition may need (the oldest buyer message after an out-of-order reply) sees
    /// exactly what it would see there, because it only looks at messages later than the reply and the
    /// batch's messages are inserted after every transition.
    static func ingestAsBatch(
        _ messages: [IncomingMessage], receivedAt: Date, ids: IDGenerator, kind: EngineKind, in db: any SQLDatabase
    ) async throws -> [Result<IngestOutcome, IngestError>] {
        let order = messages.indices.sorted { messages[$0].platformAt < messages[$1].platformAt }
        let channels = try await Self.channelsWithRules(Set(messages.map(\.channelAccountID)).map(\.rawValue).sorted(), in: db)
        var results = [Result<IngestOutcome, IngestError>?](repeating: nil, count: messages.count)

        // Which messages are new: the first of each platform message id, not stored before.
        var firstOfKey: [MessageKey: Int] = [:]
        var byChannel: [ChannelAccount.ID: [Int]] = [:]
        for index in order {
            let incoming = messages[index]
            guard channels[incoming.channelAccountID] != nil else {
                results[index] = .failure(.unknownChannelAccount(incoming.channelAccountID))
                continue
            }
            if firstOfKey[MessageKey(incoming)] == nil {
                firstOfKey[MessageKey(incoming)] = index
                byChannel[incoming.channelAccountID, default: []].append(index)
            }
        }
        var stored: [MessageKey: IngestOutcome] = [:]
        for (channel, indices) in byChannel {
            for chunk in Self.chunks(Array(Set(indices.map { messages[$0].platformMessageID })).sorted(), of: 500) {
                let rows = try await db.raw(
                    SQLQueryString(
                        """
                        SELECT id, conversation_id, workspace_id, platform_message_id FROM messages
                        WHERE channel_account_id = \(bind: channel.rawValue) AND platform_message_id IN (
                        """) + Self.bindList(chunk) + SQLQueryString(")")
                ).all()
                for row in rows {
                    stored[MessageKey(channel: channel, platformMessageID: try row.string("platform_message_id"))] = IngestOutcome(
                        messageID: try row.id("id"), conversationID: try row.id("conversation_id"), duplicate: true,
                        workspaceID: try row.id("workspace_id")
                    )
                }
            }
        }
        let fresh = order.filter { index in
            let key = MessageKey(messages[index])
            return firstOfKey[key] == index && stored[key] == nil
        }

        let buyers = try await Self.resolveBuyers(fresh.map { messages[$0] }, channels: channels, ids: ids, now: receivedAt, in: db)
        var conversations = try await Self.resolveConversations(
            fresh.map { messages[$0] }, channels: channels, buyers: buyers, ids: ids, now: receivedAt, lock: kind == .postgres, in: db
        )

        // Transitions in platform-time order; the messages themselves are inserted afterwards.
        var rows: [(message: Message, channel: ChannelAccount.ID)] = []
        rows.reserveCapacity(fresh.count)
        var outcomes: [MessageKey: IngestOutcome] = [:]
        for index in fresh {
            let incoming = messages[index]
            let channel = channels[incoming.channelAccountID]!
            let workspace = channel.workspace
            let thread = ThreadKey(incoming)
            let (conversationID, state) = conversations[thread]!
            let message = Self.message(incoming, id: ids.make(), workspace: workspace, conversation: conversationID, receivedAt: receivedAt)
            conversations[thread] = (conversationID, try await Self.apply(message, to: state, of: conversationID, rules: channel.rules, in: db))
            rows.append((message, incoming.channelAccountID))
            outcomes[MessageKey(incoming)] = IngestOutcome(
                messageID: message.id, conversationID: conversationID, duplicate: false, workspaceID: workspace)
        }
        let inserted = try await Self.insertMessages(rows, kind: kind, in: db)
        guard inserted == rows.count else { throw IngestRace.messageStoredConcurrently }
        let touched = Set(rows.map(\.message.conversationID))
        try await Self.saveStates(conversations.values.filter { touched.contains($0.id) }, now: receivedAt, kind: kind, in: db)

        for index in order where results[index] == nil {
            let key = MessageKey(messages[index])
            if let earlier = stored[key] {
                results[index] = .success(earlier)
            } else if let outcome = outcomes[key] {
                results[index] = .success(firstOfKey[key] == index ? outcome : outcome.asDuplicate)
            }
        }
        return results.map { $0 ?? .failure(.invalid("message was not processed")) }
    }

    /// The stored form of a platform message.
    static func message(
        _ incoming: IncomingMessage, id: Message.ID, workspace: Workspace.ID, conversation: Conversation.ID, receivedAt: Date
    ) -> Message {
        Message(
            id: id, workspaceID: workspace, conversationID: conversation, direction: incoming.direction,
            senderKind: incoming.senderKind, senderAgentID: nil, platformMessageID: incoming.platformMessageID,
            contentType: incoming.contentType, text: incoming.text, attachments: incoming.attachments,
            platformAt: incoming.platformAt, receivedAt: receivedAt,
            deliveryStatus: incoming.direction == .outbound ? .sent : nil, deliveryError: nil
        )
    }

    static func chunks<T>(_ values: [T], of size: Int) -> [[T]] {
        stride(from: 0, to: values.count, by: size).map { Array(values[$0..<min($0 + size, values.count)]) }
    }

    /// The buyer behind each platform user id of `messages`, creating buyers
    /// and identities for the new ones. An identity's name and language follow the latest message that
    /// has them, as one message at a time would leave them.
    private static func resolveBuyers(
        _ messages: [IncomingMessage], channels: [ChannelAccount.ID: ChannelRules], ids: IDGenerator,
        now: Date, in db: any SQLDatabase
    ) async throws -> [BuyerKey: Buyer.ID] {
        // The first message of each user (for a new buyer's name) and the folded profile (for the identity).
        var first: [BuyerKey: IncomingMessage] = [:]
        var profile: [BuyerKey: (name: String?, language: String?)] = [:]
        var byChannel: [ChannelAccount.ID: [String]] = [:]
        for incoming in messages {
            let key = BuyerKey(incoming)
            if first[key] == nil {
                first[key] = incoming
                byChannel[incoming.channelAccountID, default: []].append(incoming.buyer.platformUserID)
            }
            let current = profile[key]
            profile[key] = (incoming.buyer.displayName ?? current?.name, incoming.buyer.language ?? current?.language)
        }
        var found: [BuyerKey: Buyer.ID] = [:]
        for (channel, users) in byChannel {
            var known: [String: (identity: String, buyer: Buyer.ID, name: String?, language: String?)] = [:]
            for chunk in Self.chunks(users, of: 500) {
                for row in try await Self.identities(channel: channel, users: chunk, in: db) {
                    known[try row.string("platform_user_id")] = (
                        try row.string("id"), try row.id("buyer_id"), try row.optionalString("display_name"), try row.optionalString("language")
                    )
                }
            }
            let rules = channels[channel]!
            let (workspace, platform) = (rules.workspace, rules.platform)
            var newBuyers: [[any Encodable & Sendable]] = []
            var newIdentities: [[any Encodable & Sendable]] = []
            var created: [String: Buyer.ID] = [:]
            for user in users {
                let key = BuyerKey(channel: channel, platformUserID: user)
                let folded = profile[key]!
                if let existing = known[user] {
                    found[key] = existing.buyer
                    let name = folded.name ?? existing.name
                    let language = folded.language ?? existing.language
                    if name != existing.name || language != existing.language {
                        try await db.raw(
                            """
                            UPDATE buyer_identities SET display_name = \(bind: name), language = \(bind: language)
                            WHERE id = \(bind: existing.identity)
                            """
                        ).run()
                    }
                    continue
                }
                let buyer: Buyer.ID = ids.make()
                let identity: BuyerIdentity.ID = ids.make()
                created[user] = buyer
                newBuyers.append([buyer.rawValue, workspace.rawValue, first[key]!.buyer.displayName, now.storeMillis])
                newIdentities.append([
                    identity.rawValue, workspace.rawValue, buyer.rawValue, channel.rawValue, platform.rawValue, user, folded.name,
                    folded.language, now.storeMillis,
                ])
            }
            guard !newBuyers.isEmpty else { continue }
            try await Self.insertRows(newBuyers, into: "buyers", columns: ["id", "workspace_id", "display_name", "created_at"], db: db)
            let insertedUsers = Set(
                try await Self.insertRows(
                    newIdentities, into: "buyer_identities",
                    columns: [
                        "id", "workspace_id", "buyer_id", "channel_account_id", "platform", "platform_user_id", "display_name", "language",
                        "created_at",
                    ],
                    db: db, onConflictReturning: "platform_user_id"
                ))
            let raced = created.keys.filter { !insertedUsers.contains($0) }.sorted()
            for (user, buyer) in created where insertedUsers.contains(user) {
                found[BuyerKey(channel: channel, platformUserID: user)] = buyer
            }
            if !raced.isEmpty {
                // Another node created these identities first: use its buyers and drop ours.
                try await db.raw(
                    SQLQueryString("DELETE FROM buyers WHERE id IN (") + Self.bindList(raced.map { created[$0]!.rawValue }) + SQLQueryString(")")
                ).run()
                for row in try await Self.identities(channel: channel, users: raced, in: db) {
                    found[BuyerKey(channel: channel, platformUserID: try row.string("platform_user_id"))] = try row.id("buyer_id")
                }
            }
        }
        return found
    }

    private static func identities(channel: ChannelAccount.ID, users: [String], in db: any SQLDatabase) async throws -> [any SQLRow] {
        try await db.raw(
            SQLQueryString(
                """
                SELECT id, buyer_id, display_name, language, platform_user_id FROM buyer_identities
                WHERE channel_account_id = \(bind: channel.rawValue) AND platform_user_id IN (
                """) + Self.bindList(users) + SQLQueryString(")")
        ).all()
    }

    /// The conversation (id and current state) of each thread of `messages` (key: its `ThreadKey`), on
    /// PostgreSQL locked until the transaction ends, creating the new ones from their first message.
    private static func resolveConversations(
        _ messages: [IncomingMessage], channels: [ChannelAccount.ID: ChannelRules],
        buyers: [BuyerKey: Buyer.ID], ids: IDGenerator, now: Date, lock: Bool, in db: any SQLDatabase
    ) async throws -> [ThreadKey: (id: Conversation.ID, state: ConversationState)] {
        var first: [ThreadKey: IncomingMessage] = [:]
        var byChannel: [ChannelAccount.ID: [String]] = [:]
        for incoming in messages {
            let key = ThreadKey(incoming)
            if first[key] == nil {
                first[key] = incoming
                byChannel[incoming.channelAccountID, default: []].append(incoming.conversationExternalID)
            }
        }
        var found: [ThreadKey: (id: Conversation.ID, state: ConversationState)] = [:]
        func read(_ channel: ChannelAccount.ID, externals: [String]) async throws {
            for chunk in Self.chunks(Array(Set(externals)).sorted(), of: 500) {
                let query =
                    SQLQueryString("SELECT * FROM conversations WHERE channel_account_id = \(bind: channel.rawValue) AND external_id IN (")
                    + Self.bindList(chunk) + SQLQueryString(lock ? ") ORDER BY id FOR UPDATE" : ")")
                for row in try await db.raw(query).all() {
                    let conversation = try Self.conversation(from: row)
                    let key = ThreadKey(channel: channel, kind: conversation.kind, externalID: conversation.externalID)
                    if first[key] != nil { found[key] = (conversation.id, conversation.state) }
                }
            }
        }
        for (channel, externals) in byChannel {
            try await read(channel, externals: externals)
            let rules = channels[channel]!
            let (workspace, platform) = (rules.workspace, rules.platform)
            var rows: [[any Encodable & Sendable]] = []
            var made: [ThreadKey: (Conversation.ID, ConversationState)] = [:]
            var missing: [String] = []
            for (key, incoming) in first where incoming.channelAccountID == channel && found[key] == nil {
                let id: Conversation.ID = ids.make()
                made[key] = (id, ConversationState.empty(at: incoming.platformAt))
                missing.append(incoming.conversationExternalID)
                let buyer = buyers[BuyerKey(incoming)]!
                rows.append([
                    id.rawValue, workspace.rawValue, channel.rawValue, platform.rawValue, incoming.conversationKind.rawValue,
                    incoming.conversationExternalID, buyer.rawValue, incoming.buyer.displayName, incoming.subject, "", "open",
                    incoming.platformAt.storeMillis, Int64(0), Self.noDeadlineKey, now.storeMillis, now.storeMillis,
                ])
            }
            guard !rows.isEmpty else { continue }
            _ = try await Self.insertRows(
                rows, into: "conversations",
                columns: [
                    "id", "workspace_id", "channel_account_id", "platform", "kind", "external_id", "buyer_id", "buyer_name", "subject", "tags",
                    "status", "last_message_at", "message_count", "deadline_key", "created_at", "updated_at",
                ],
                db: db, onConflictReturning: "id"
            )
            try await read(channel, externals: missing)
            for (key, mine) in made {
                guard let stored = found[key] else { throw StoreError.conflict("conversation vanished during ingest") }
                // Ours is new and empty; one another node created first has its own state.
                if stored.id == mine.0 { found[key] = (mine.0, mine.1) }
            }
        }
        return found
    }

    /// Inserts messages 100 to a statement, indexed for search; returns how many were inserted (a
    /// platform id taken in the meantime is skipped, not an error, but the caller then rolls back, so
    /// no index entry outlives its message).
    private static func insertMessages(
        _ messages: [(message: Message, channel: ChannelAccount.ID)], kind: EngineKind, in db: any SQLDatabase
    ) async throws -> Int {
        guard !messages.isEmpty else { return 0 }
        let search = try await Self.indexForSearch(
            messages.map {
                SearchEntry(workspaceID: $0.message.workspaceID.rawValue, conversationID: $0.message.conversationID.rawValue, text: $0.message.text)
            }, kind: kind, in: db)
        let encoder = JSONEncoder()
        var rows: [[any Encodable & Sendable]] = []
        rows.reserveCapacity(messages.count)
        for ((message, channel), search) in zip(messages, search) {
            let attachments = message.attachments.isEmpty ? "[]" : String(decoding: try encoder.encode(message.attachments), as: UTF8.self)
            var row: [any Encodable & Sendable] = [
                message.id.rawValue, message.workspaceID.rawValue, message.conversationID.rawValue, channel.rawValue,
                message.direction.rawValue, message.senderKind.rawValue, message.senderAgentID?.rawValue, message.platformMessageID,
                message.contentType.rawValue, message.text, attachments, message.platformAt.storeMillis, message.receivedAt.storeMillis,
                message.deliveryStatus?.rawValue,
            ]
            row.append(search)
            rows.append(row)
        }
        return try await Self.insertRows(
            rows, into: "messages",
            columns: [
                "id", "workspace_id", "conversation_id", "channel_account_id", "direction", "sender_kind", "sender_agent_id",
                "platform_message_id", "content_type", "text", "attachments", "platform_at", "received_at", "delivery_status",
                Self.searchColumn(kind),
            ],
            db: db, onConflictReturning: "id"
        ).count
    }

    /// Saves the states of `conversations` with one statement per hundred (`UPDATE … FROM` a list of
    /// values, which both engines have); what `saveState` does for one.
    static func saveStates(
        _ conversations: [(id: Conversation.ID, state: ConversationState)], now: Date, kind: EngineKind, in db: any SQLDatabase
    ) async throws {
        let columns: [(name: String, type: String)] = [
            ("id", "TEXT"), ("status", "TEXT"), ("waiting_since", "BIGINT"), ("first_inbound_at", "BIGINT"), ("first_response_at", "BIGINT"),
            ("last_inbound_at", "BIGINT"), ("last_reply_at", "BIGINT"), ("last_message_at", "BIGINT"), ("last_message_preview", "TEXT"),
            ("message_count", "BIGINT"), ("snoozed_until", "BIGINT"), ("next_deadline", "BIGINT"), ("deadline_key", "BIGINT"),
            ("deadline_rule", "TEXT"),
        ]
        for chunk in Self.chunks(conversations, of: 100) {
            var sql = SQLQueryString("WITH v (\(unsafeRaw: columns.map(\.name).joined(separator: ", "))) AS (VALUES ")
            for (position, conversation) in chunk.enumerated() {
                let state = conversation.state
                let values: [any Encodable & Sendable] = [
                    conversation.id.rawValue, state.status.rawValue, state.waitingSince?.storeMillis, state.firstInboundAt?.storeMillis,
                    state.firstResponseAt?.storeMillis, state.lastInboundAt?.storeMillis, state.lastReplyAt?.storeMillis,
                    state.lastMessageAt.storeMillis, state.lastMessagePreview, Int64(state.messageCount), state.snoozedUntil?.storeMillis,
                    state.nextDeadline?.storeMillis, state.nextDeadline?.storeMillis ?? Self.noDeadlineKey, state.deadlineRule?.description,
                ]
                sql = sql + (position == 0 ? "(" : ", (")
                for (index, value) in values.enumerated() {
                    // Typed, so that PostgreSQL knows a column that is NULL in every row.
                    sql = sql + (index == 0 ? "" : ", ") + "CAST(\(bind: value) AS \(unsafeRaw: columns[index].type))"
                }
                sql = sql + ")"
            }
            sql =
                sql + SQLQueryString(") UPDATE conversations SET ")
                + SQLQueryString(columns.dropFirst().map { "\($0.name) = v.\($0.name)" }.joined(separator: ", "))
                + SQLQueryString(", updated_at = \(bind: now.storeMillis) FROM v WHERE conversations.id = v.id")
            try await db.raw(sql).run()
        }
    }

    /// Inserts `rows` 100 to a statement (SQLite allows 32,766 bound values). With
    /// `onConflictReturning`, rows that conflict are skipped and that column of the inserted rows is
    /// returned.
    @discardableResult
    static func insertRows(
        _ rows: [[any Encodable & Sendable]], into table: String, columns: [String], db: any SQLDatabase, onConflictReturning: String? = nil
    ) async throws -> [String] {
        var returned: [String] = []
        for chunk in Self.chunks(rows, of: 100) {
            var sql = SQLQueryString("INSERT INTO \(unsafeRaw: table) (\(unsafeRaw: columns.joined(separator: ", "))) VALUES ")
            for (position, row) in chunk.enumerated() {
                sql = sql + (position == 0 ? "(" : ", (")
                for (index, value) in row.enumerated() {
                    sql = sql + (index == 0 ? "\(bind: value)" : ", \(bind: value)")
                }
                sql = sql + ")"
            }
            if let column = onConflictReturning {
                sql = sql + SQLQueryString(" ON CONFLICT DO NOTHING RETURNING \(unsafeRaw: column)")
                for row in try await db.raw(sql).all() { returned.append(try row.string(column)) }
            } else {
                try await db.raw(sql).run()
            }
        }
        return returned
    }
}
