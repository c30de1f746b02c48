import Foundation
import SQLKit
import ShopDeskCore

extension SQLStore {
    /// Turns holiday mode on or off for a channel account; turning it on twice keeps the first start. The
    /// account's open deadlines follow (platforms leave chats opened in holiday mode out); returns the
    /// conversations whose deadline moved.
    @discardableResult
    public func setHolidayMode(_ on: Bool, channel: ChannelAccount.ID, workspace: Workspace.ID, now: Date) async throws -> [Conversation.ID] {
        _ = try await self.channelAccount(channel, workspace: workspace)
        let id: Identifier<SLAContext.Period> = self.ids.make()
        let kind = self.engine.kind
        return try await self.engine.transaction { db in
            let open = try await db.raw(
                """
                SELECT id FROM holiday_mode_periods WHERE channel_account_id = \(bind: channel.rawValue) AND ended_at IS NULL
                """
            ).first()
            if on, open == nil {
                try await db.raw(
                    """
                    INSERT INTO holiday_mode_periods (id, workspace_id, channel_account_id, started_at)
                    VALUES (\(bind: id.rawValue), \(bind: workspace.rawValue), \(bind: channel.rawValue), \(bind: now.storeMillis))
                    """
                ).run()
            } else if !on, let open {
                try await db.raw("UPDATE holiday_mode_periods SET ended_at = \(bind: now.storeMillis) WHERE id = \(bind: try open.string("id"))")
                    .run()
            }
            return try await Self.recomputeDeadlines(workspace: workspace, channels: [channel], kind: kind, in: db)
        }
    }

    public func holidayModePeriods(channel: ChannelAccount.ID, workspace: Workspace.ID) async throws -> [SLAContext.Period] {
        try await self.engine.read { db in
            try await db.raw(
                """
                SELECT started_at, ended_at FROM holiday_mode_periods
                WHERE channel_account_id = \(bind: channel.rawValue) AND workspace_id = \(bind: workspace.rawValue) ORDER BY started_at
                """
            ).all().map { SLAContext.Period(start: try $0.date("started_at"), end: try $0.optionalDate("ended_at")) }
        }
    }

    /// Replaces a market's public holidays (local dates) for the workspace; the open deadlines of its
    /// accounts in that market follow. Returns the conversations whose deadline moved.
    @discardableResult
    public func setPublicHolidays(_ dates: [SLADate], market: String, workspace: Workspace.ID) async throws -> [Conversation.ID] {
        let market = try Market.validatedCode(market)
        let unique = Set(dates).sorted()
        let kind = self.engine.kind
        return try await self.engine.transaction { db in
            try await db.raw("DELETE FROM public_holidays WHERE workspace_id = \(bind: workspace.rawValue) AND market = \(bind: market)").run()
            for date in unique {
                try await db.raw(
                    """
                    INSERT INTO public_holidays (workspace_id, market, holiday_date)
                    VALUES (\(bind: workspace.rawValue), \(bind: market), \(bind: date.description))
                    """
                ).run()
            }
            let accounts = try await db.raw(
                """
                SELECT id FROM channel_accounts WHERE workspace_id = \(bind: workspace.rawValue) AND market = \(bind: market)
                AND archived_at IS NULL
                """
            ).all().map { try $0.id("id") as ChannelAccount.ID }
            return try await Self.recomputeDeadlines(workspace: workspace, channels: accounts, kind: kind, in: db)
        }
    }

    public func publicHolidays(market: String, workspace: Workspace.ID) async throws -> [SLADate] {
        try await self.engine.read { db in
            try await db.raw(
                """
                SELECT holiday_date FROM public_holidays WHERE workspace_id = \(bind: workspace.rawValue) AND market = \(bind: market)
                ORDER BY holiday_date
                """
            ).all().compactMap { SLADate(try $0.string("holiday_date")) }
        }
    }

    /// Marks a buyer's identity on a channel account blocked (or unblocked).
    public func setBuyerBlocked(_ blocked: Bool, buyer: Buyer.ID, channel: ChannelAccount.ID, workspace: Workspace.ID, now: Date) async throws {
        let found = try await self.engine.transaction { db in
            try await db.raw(
                """
                UPDATE buyer_identities SET blocked_at = \(bind: blocked ? now.storeMillis : nil)
                WHERE buyer_id = \(bind: buyer.rawValue) AND channel_account_id = \(bind: channel.rawValue)
                AND workspace_id = \(bind: workspace.rawValue)
                RETURNING id
                """
            ).first() != nil
        }
        if !found { throw StoreError.notFound("buyer \(buyer) on channel account \(channel)") }
    }

    /// Records that the seller, not the buyer, started a conversation (such chats do not count), and
    /// moves its deadline where that changes it.
    public func markSellerInitiated(_ conversation: Conversation.ID, workspace: Workspace.ID) async throws {
        let kind = self.engine.kind
        try await self.engine.transaction { db in
            let row = try await db.raw(
                """
                UPDATE conversations SET seller_initiated = 1
                WHERE id = \(bind: conversation.rawValue) AND workspace_id = \(bind: workspace.rawValue) RETURNING channel_account_id
                """
            ).first()
            if let row {
                _ = try await Self.recomputeDeadlines(
                    workspace: workspace, channels: [try row.id("channel_account_id")], only: conversation, kind: kind, in: db)
            }
        }
    }

    /// The timelines of a channel account's conversations with any message since `since`, as the
    /// response-rate rules read them (Core's `ChatTimeline` decides what each message counts as).
    public func timelines(channel: ChannelAccount.ID, workspace: Workspace.ID, since: Date, until: Date) async throws -> [ChatTimeline] {
        typealias Stored = (direction: Message.Direction, senderKind: Message.SenderKind, at: Date, text: String?)
        let rows = try await self.engine.read { db in
            try await db.raw(
                """
                SELECT c.id AS conversation_id, c.seller_initiated, i.blocked_at, m.direction, m.sender_kind, m.platform_at, m.text,
                    m.small_talk_only
                FROM conversations c
                JOIN messages m ON m.conversation_id = c.id
                LEFT JOIN buyer_identities i ON i.buyer_id = c.buyer_id AND i.channel_account_id = c.channel_account_id
                WHERE c.channel_account_id = \(bind: channel.rawValue) AND c.workspace_id = \(bind: workspace.rawValue)
                AND c.last_message_at >= \(bind: since.storeMillis) AND m.direction <> 'note'
                AND m.platform_at <= \(bind: until.storeMillis)
                ORDER BY c.id, m.platform_at, m.id
                """
            ).all()
        }
        var timelines: [ChatTimeline] = []
        var current: (id: Conversation.ID, sellerInitiated: Bool, blockedAt: Date?, messages: [Stored])?
        func flush() {
            if let current {
                timelines.append(
                    ChatTimeline(
                        conversation: current.id, sellerInitiated: current.sellerInitiated, buyerBlockedAt: current.blockedAt,
                        messages: current.messages
                    ))
            }
        }
        for row in rows {
            let id: Conversation.ID = try row.id("conversation_id")
            // A message whose text was erased or expired keeps whether it was small talk only.
            var text = try row.optionalString("text")
            if text == nil, !(try row.decodeNil(column: "small_talk_only")), try row.int("small_talk_only") == 1 {
                text = SmallTalk.redactedStandIn
            }
            let message: Stored = (try row.enumValue("direction"), try row.enumValue("sender_kind"), try row.date("platform_at"), text)
            if current?.id == id {
                current?.messages.append(message)
            } else {
                flush()
                current = (id, try row.int("seller_initiated") != 0, try row.optionalDate("blocked_at"), [message])
            }
        }
        flush()
        return timelines
    }
}
