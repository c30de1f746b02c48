import Foundation
import SQLKit
import ShopDeskCore

/// One conversation's messages as the response-rate rules see them.
public struct ConversationTimeline: Sendable {
    public struct Entry: Sendable {
        public var direction: Message.Direction
        public var senderKind: Message.SenderKind
        public var at: Date
        public var text: String?
    }

    public var conversationID: Conversation.ID
    public var sellerInitiated: Bool
    /// When the buyer was blocked on this channel account, if they are.
    public var buyerBlockedAt: Date?
    public var entries: [Entry]
}

/// A span during which a channel account was in holiday mode (`end` nil while it still is).
public struct HolidayModePeriod: Sendable, Hashable {
    public var start: Date
    public var end: Date?
}

extension SQLStore {
    /// Turns holiday mode on or off for a channel account; turning it on twice keeps the first start.
    public func setHolidayMode(_ on: Bool, channel: ChannelAccount.ID, workspace: Workspace.ID, now: Date) async throws {
        _ = try await self.channelAccount(channel, workspace: workspace)
        let id: Identifier<HolidayModeTag> = self.ids.make()
        try await self.engine.transaction { db in
            let open = try await db.raw("""
                SELECT id FROM holiday_mode_periods WHERE channel_account_id = \(bind: channel.rawValue) AND ended_at IS NULL
                """).first()
            if on, open == nil {
                try await db.raw("""
                    INSERT INTO holiday_mode_periods (id, workspace_id, channel_account_id, started_at)
                    VALUES (\(bind: id.rawValue), \(bind: workspace.rawValue), \(bind: channel.rawValue), \(bind: now.storeMillis))
                    """).run()
            } else if !on, let open {
                try await db.raw("UPDATE holiday_mode_periods SET ended_at = \(bind: now.storeMillis) WHERE id = \(bind: try open.string("id"))").run()
            }
        }
    }

    public func holidayModePeriods(channel: ChannelAccount.ID, workspace: Workspace.ID) async throws -> [HolidayModePeriod] {
        try await self.engine.read { db in
            try await db.raw("""
                SELECT started_at, ended_at FROM holiday_mode_periods
                WHERE channel_account_id = \(bind: channel.rawValue) AND workspace_id = \(bind: workspace.rawValue) ORDER BY started_at
                """).all().map { HolidayModePeriod(start: try $0.date("started_at"), end: try $0.optionalDate("ended_at")) }
        }
    }

    /// Replaces a market's public holidays (local dates `YYYY-MM-DD`) for the workspace.
    public func setPublicHolidays(_ dates: [String], market: String, workspace: Workspace.ID) async throws {
        let (market, _) = try Market.validated(market: market, timeZone: "UTC")
        for date in dates where !Self.isLocalDate(date) {
            throw StoreError.invalid(field: "dates", message: "'\(date)' is not a date in the form YYYY-MM-DD")
        }
        let unique = Set(dates).sorted()
        try await self.engine.transaction { db in
            try await db.raw("DELETE FROM public_holidays WHERE workspace_id = \(bind: workspace.rawValue) AND market = \(bind: market)").run()
            for date in unique {
                try await db.raw("""
                    INSERT INTO public_holidays (workspace_id, market, holiday_date)
                    VALUES (\(bind: workspace.rawValue), \(bind: market), \(bind: date))
                    """).run()
            }
        }
    }

    public func publicHolidays(market: String, workspace: Workspace.ID) async throws -> [String] {
        try await self.engine.read { db in
            try await db.raw("""
                SELECT holiday_date FROM public_holidays WHERE workspace_id = \(bind: workspace.rawValue) AND market = \(bind: market)
                ORDER BY holiday_date
                """).all().map { try $0.string("holiday_date") }
        }
    }

    /// Marks a buyer's identity on a channel account blocked (or unblocked).
    public func setBuyerBlocked(_ blocked: Bool, buyer: Buyer.ID, channel: ChannelAccount.ID, workspace: Workspace.ID, now: Date) async throws {
        let found = try await self.engine.transaction { db -> Bool in
            let row = try await db.raw("""
                SELECT id FROM buyer_identities WHERE buyer_id = \(bind: buyer.rawValue)
                AND channel_account_id = \(bind: channel.rawValue) AND workspace_id = \(bind: workspace.rawValue)
                """).first()
            guard row != nil else { return false }
            try await db.raw("""
                UPDATE buyer_identities SET blocked_at = \(bind: blocked ? now.storeMillis : nil)
                WHERE buyer_id = \(bind: buyer.rawValue) AND channel_account_id = \(bind: channel.rawValue)
                """).run()
            return true
        }
        if !found { throw StoreError.notFound("buyer \(buyer) on channel account \(channel)") }
    }

    /// Records that the seller, not the buyer, started a conversation (such chats do not count).
    public func markSellerInitiated(_ conversation: Conversation.ID, workspace: Workspace.ID) async throws {
        try await self.engine.transaction { db in
            try await db.raw("""
                UPDATE conversations SET seller_initiated = 1
                WHERE id = \(bind: conversation.rawValue) AND workspace_id = \(bind: workspace.rawValue)
                """).run()
        }
    }

    /// The timelines of a channel account's conversations with any message since `since`, for
    /// evaluating response rates. Notes are left out: platforms never see them.
    public func timelines(channel: ChannelAccount.ID, workspace: Workspace.ID, since: Date, until: Date) async throws -> [ConversationTimeline] {
        try await self.engine.read { db in
            let rows = try await db.raw("""
                SELECT c.id AS conversation_id, c.seller_initiated, i.blocked_at, m.direction, m.sender_kind, m.platform_at, m.text
                FROM conversations c
                JOIN messages m ON m.conversation_id = c.id
                LEFT JOIN buyer_identities i ON i.buyer_id = c.buyer_id AND i.channel_account_id = c.channel_account_id
                WHERE c.channel_account_id = \(bind: channel.rawValue) AND c.workspace_id = \(bind: workspace.rawValue)
                AND c.last_message_at >= \(bind: since.storeMillis) AND m.direction <> 'note'
                AND m.platform_at <= \(bind: until.storeMillis)
                ORDER BY c.id, m.platform_at, m.id
                """).all()
            var timelines: [ConversationTimeline] = []
            for row in rows {
                let id: Conversation.ID = try row.id("conversation_id")
                let entry = ConversationTimeline.Entry(
                    direction: try row.enumValue("direction"), senderKind: try row.enumValue("sender_kind"),
                    at: try row.date("platform_at"), text: try row.optionalString("text")
                )
                if timelines.last?.conversationID == id {
                    timelines[timelines.count - 1].entries.append(entry)
                } else {
                    timelines.append(ConversationTimeline(
                        conversationID: id, sellerInitiated: try row.int("seller_initiated") != 0,
                        buyerBlockedAt: try row.optionalDate("blocked_at"), entries: [entry]
                    ))
                }
            }
            return timelines
        }
    }

    static func isLocalDate(_ text: String) -> Bool {
        SLADate(text) != nil
    }
}

/// Tags the ids of holiday-mode periods.
public enum HolidayModeTag {}
