import Foundation
import SQLKit
import ShopDeskCore

/// A conversation a platform nudged about (TikTok Shop NEW_MESSAGE, Lazada session update), waiting to
/// have its messages fetched.
public struct PendingFetch: Sendable, Hashable {
    public var channelAccountID: ChannelAccount.ID
    public var conversationExternalID: String
    public var requestedAt: Date
}

extension SQLStore {
    /// Nudged conversations not fetched since their latest nudge, oldest nudge first.
    public func pendingFetches(limit: Int = 100) async throws -> [PendingFetch] {
        try await self.engine.read { db in
            try await db.raw(
                """
                SELECT channel_account_id, conversation_external_id, requested_at FROM conversation_fetches
                WHERE fetched_at IS NULL ORDER BY requested_at LIMIT \(bind: limit)
                """
            ).all().map {
                PendingFetch(
                    channelAccountID: try $0.id("channel_account_id"), conversationExternalID: try $0.string("conversation_external_id"),
                    requestedAt: try $0.date("requested_at")
                )
            }
        }
    }

    /// Marks a nudge handled, unless another nudge for the conversation arrived while it was being fetched.
    public func finishFetch(_ fetch: PendingFetch, now: Date) async throws {
        try await self.engine.transaction { db in
            try await db.raw(
                """
                UPDATE conversation_fetches SET fetched_at = \(bind: now.storeMillis)
                WHERE channel_account_id = \(bind: fetch.channelAccountID.rawValue)
                AND conversation_external_id = \(bind: fetch.conversationExternalID)
                AND requested_at = \(bind: fetch.requestedAt.storeMillis)
                """
            ).run()
        }
    }

    /// What ShopDesk already knows of a direct conversation on a channel account: its buyer on the
    /// platform and the platform time of its latest stored message (to fetch only what is newer).
    public func knownConversation(
        channel: ChannelAccount.ID, externalID: String
    ) async throws -> (buyer: BuyerProfile, latestMessageAt: Date?)? {
        try await self.engine.read { db in
            guard
                let row = try await db.raw(
                    """
                    SELECT bi.platform_user_id, bi.display_name, c.id,
                        (SELECT MAX(m.platform_at) FROM messages m WHERE m.conversation_id = c.id AND m.platform_message_id IS NOT NULL) AS latest
                    FROM conversations c JOIN buyer_identities bi ON bi.buyer_id = c.buyer_id AND bi.channel_account_id = c.channel_account_id
                    WHERE c.channel_account_id = \(bind: channel.rawValue) AND c.kind = 'direct' AND c.external_id = \(bind: externalID)
                    LIMIT 1
                    """
                ).first()
            else { return nil }
            return (
                BuyerProfile(platformUserID: try row.string("platform_user_id"), displayName: try row.optionalString("display_name")),
                try row.optionalDate("latest")
            )
        }
    }

    /// Up to when a channel account's conversations have been read by polling.
    public func pollCursor(channel: ChannelAccount.ID) async throws -> Date? {
        try await self.engine.read { db in
            try await db.raw("SELECT polled_until FROM poll_cursors WHERE channel_account_id = \(bind: channel.rawValue)")
                .first()?.date("polled_until")
        }
    }

    public func savePollCursor(channel: ChannelAccount.ID, workspace: Workspace.ID, until: Date, now: Date) async throws {
        try await self.engine.transaction { db in
            try await db.raw(
                """
                INSERT INTO poll_cursors (channel_account_id, workspace_id, polled_until, polled_at)
                VALUES (\(bind: channel.rawValue), \(bind: workspace.rawValue), \(bind: until.storeMillis), \(bind: now.storeMillis))
                ON CONFLICT (channel_account_id) DO UPDATE SET polled_until = excluded.polled_until, polled_at = excluded.polled_at
                """
            ).run()
        }
    }
}
