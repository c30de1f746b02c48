import Foundation
import SQLKit
import ShopDeskCore

/// What `seed` writes: conversations spread over the last `days`, each with one buyer and
/// `messagesPerConversation` messages alternating buyer and agent, round-robin over `channels`.
public struct SeedPlan: Sendable {
    public var workspace: Workspace.ID
    public var channels: [ChannelAccount]
    public var agent: Agent.ID
    public var conversations: Int
    public var messagesPerConversation: Int
    public var days: Int
    public var now: Date
    /// Buyer texts and agent replies to cycle through, and buyer names.
    public var buyerTexts: [String]
    public var replies: [String]
    public var names: [String]

    public init(
        workspace: Workspace.ID, channels: [ChannelAccount], agent: Agent.ID, conversations: Int, messagesPerConversation: Int, days: Int = 90,
        now: Date, buyerTexts: [String], replies: [String], names: [String]
    ) {
        self.workspace = workspace
        self.channels = channels
        self.agent = agent
        self.conversations = conversations
        self.messagesPerConversation = messagesPerConversation
        self.days = days
        self.now = now
        self.buyerTexts = buyerTexts
        self.replies = replies
        self.names = names
    }
}

extension SQLStore {
    /// Writes a large workspace for benchmarks and load tests, fast: rows go in with multi-row
    /// INSERTs, a few thousand per transaction, in id order, bypassing the ingest path (whose cost is
    /// what the other benchmarks measure). One conversation in four is waiting for an answer (its last
    /// message is the buyer's, with a deadline an hour later); the rest were answered and resolved.
    /// Calls `progress` with the conversations written so far after each transaction.
    public func seed(_ plan: SeedPlan, progress: @Sendable (Int) -> Void) async throws {
        guard !plan.channels.isEmpty, plan.conversations > 0, plan.messagesPerConversation > 0,
            !plan.buyerTexts.isEmpty, !plan.replies.isEmpty, !plan.names.isEmpty
        else {
            throw StoreError.invalid(field: "seed", message: "a seed needs channels, conversations, messages, texts and names")
        }
        let batch = max(1, 4000 / (plan.messagesPerConversation + 3))
        var ids = SeedIDs(start: plan.now.addingTimeInterval(-Double(plan.days) * 86_400))
        var written = 0
        while written < plan.conversations {
            let count = min(batch, plan.conversations - written)
            let rows = SeedRows.make(plan, from: written, count: count, ids: &ids)
            let kind = self.engine.kind
            try await self.engine.transaction { db in
                try await Self.insertRows(rows.buyers, into: "buyers", columns: SeedRows.buyerColumns, db: db)
                try await Self.insertRows(rows.identities, into: "buyer_identities", columns: SeedRows.identityColumns, db: db)
                try await Self.insertRows(rows.conversations, into: "conversations", columns: SeedRows.conversationColumns, db: db)
                let search = try await Self.indexForSearch(rows.searchEntries, kind: kind, in: db)
                try await Self.insertRows(
                    zip(rows.messages, search).map { $0 + [$1] }, into: "messages", columns: SeedRows.messageColumns + [Self.searchColumn(kind)],
                    db: db)
            }
            written += count
            progress(written)
        }
        try await self.optimizeSearchIndex()
    }
}

/// Time-ordered ids for seeded rows, made quickly (a counter instead of random bits), in the same
/// UUIDv7 text form as `IDGenerator`'s so that they sort with later ones.
struct SeedIDs {
    private var millis: UInt64
    private var counter: UInt64 = 0

    init(start: Date) {
        self.millis = UInt64(max(0, start.timeIntervalSince1970 * 1000))
    }

    /// An id at `time` (never earlier than the previous one).
    mutating func make(at time: Date) -> String {
        self.millis = max(self.millis, UInt64(max(0, time.timeIntervalSince1970 * 1000)))
        self.counter += 1
        let counter = (0..<6).map { UInt8(truncatingIfNeeded: self.counter >> (8 * (5 - UInt64($0)))) }
        return IDGenerator.text(IDGenerator.bytes(millis: self.millis, rest: [0x70, 0x00, 0x80, 0x00] + counter))
    }
}

/// The rows of one seeding transaction.
struct SeedRows {
    static let buyerColumns = ["id", "workspace_id", "display_name", "created_at"]
    static let identityColumns = [
        "id", "workspace_id", "buyer_id", "channel_account_id", "platform", "platform_user_id", "display_name", "language", "created_at",
    ]
    static let conversationColumns = [
        "id", "workspace_id", "channel_account_id", "platform", "kind", "external_id", "buyer_id", "buyer_name", "tags", "status",
        "waiting_since", "first_inbound_at", "first_response_at", "last_inbound_at", "last_reply_at", "last_message_at",
        "last_message_preview", "message_count", "next_deadline", "deadline_key", "created_at", "updated_at",
    ]
    static let messageColumns = [
        "id", "workspace_id", "conversation_id", "channel_account_id", "direction", "sender_kind", "sender_agent_id",
        "platform_message_id", "content_type", "text", "platform_at", "received_at", "delivery_status",
    ]

    var buyers: [[any Encodable & Sendable]] = []
    var identities: [[any Encodable & Sendable]] = []
    var conversations: [[any Encodable & Sendable]] = []
    var messages: [[any Encodable & Sendable]] = []
    /// What to index of each of `messages`.
    var searchEntries: [SearchEntry] = []

    static func make(_ plan: SeedPlan, from first: Int, count: Int, ids: inout SeedIDs) -> SeedRows {
        var rows = SeedRows()
        let span = Double(plan.days) * 86_400
        let gap: TimeInterval = 240
        let workspace = plan.workspace.rawValue
        for number in first..<(first + count) {
            let channel = plan.channels[number % plan.channels.count]
            let startedAt = plan.now.addingTimeInterval(-span + span * Double(number) / Double(plan.conversations))
            let name = plan.names[number % plan.names.count]
            let buyer = ids.make(at: startedAt)
            let conversation = ids.make(at: startedAt)
            let millis = Int64((startedAt.timeIntervalSince1970 * 1000).rounded())
            rows.buyers.append([buyer, workspace, name, millis])
            rows.identities.append([
                ids.make(at: startedAt), workspace, buyer, channel.id.rawValue, channel.platform.rawValue, "seed-buyer-\(number)", name,
                "en", millis,
            ])
            // One in four is waiting (its last message is the buyer's), on every channel alike.
            let waiting = (number / plan.channels.count) % 4 == 0
            let total = plan.messagesPerConversation
            var lastInbound: Int64?
            var firstResponse: Int64?
            var lastReply: Int64?
            var lastText = ""
            var lastAt = millis
            for index in 0..<total {
                let inbound = waiting ? (total - 1 - index) % 2 == 0 : index % 2 == 0
                let at = startedAt.addingTimeInterval(gap * Double(index))
                let atMillis = Int64((at.timeIntervalSince1970 * 1000).rounded())
                let text = inbound ? plan.buyerTexts[(number + index) % plan.buyerTexts.count] : plan.replies[(number + index) % plan.replies.count]
                rows.messages.append([
                    ids.make(at: at), workspace, conversation, channel.id.rawValue, inbound ? "inbound" : "outbound",
                    inbound ? "buyer" : "agent", inbound ? nil : plan.agent.rawValue as String?,
                    "seed-\(number)-\(index)", "text", text, atMillis, atMillis, inbound ? nil : "sent" as String?,
                ])
                rows.searchEntries.append(SearchEntry(workspaceID: workspace, conversationID: conversation, text: text))
                if inbound {
                    lastInbound = atMillis
                } else {
                    if firstResponse == nil, lastInbound != nil { firstResponse = atMillis }
                    lastReply = atMillis
                }
                lastText = text
                lastAt = atMillis
            }
            let firstInbound: Int64? = waiting && total % 2 == 0 ? millis + Int64(gap * 1000) : millis
            let deadline: Int64? = waiting ? (lastInbound ?? millis) + 3_600_000 : nil
            rows.conversations.append([
                conversation, workspace, channel.id.rawValue, channel.platform.rawValue, "direct", "seed-\(number)", buyer, name, "",
                waiting ? "open" : "resolved", waiting ? lastInbound : nil as Int64?, firstInbound, firstResponse, lastInbound, lastReply,
                lastAt, String(lastText.prefix(200)), Int64(total), deadline, deadline ?? SQLStore.noDeadlineKey, millis, lastAt,
            ])
        }
        return rows
    }
}
