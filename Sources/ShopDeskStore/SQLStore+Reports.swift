import Foundation
import SQLKit
import ShopDeskCore

/// A conversation's first response, for response-time reports.
public struct FirstResponseRecord: Sendable {
    public var conversationID: Conversation.ID
    public var channelAccountID: ChannelAccount.ID
    public var platform: Platform
    public var firstInboundAt: Date
    public var firstResponseAt: Date
    /// The agent who sent the first response, when it was sent from ShopDesk.
    public var agentID: Agent.ID?
}

extension SQLStore {
    /// First responses given in [from, to) in the conversations `agent` may see.
    public func firstResponses(for agent: Agent, from: Date, to: Date) async throws -> [FirstResponseRecord] {
        var sql = SQLQueryString(
            """
            SELECT c.id, c.channel_account_id, c.platform, c.first_inbound_at, c.first_response_at,
                (SELECT m.sender_agent_id FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'outbound'
                 AND m.sender_kind = 'agent' AND m.platform_at = c.first_response_at ORDER BY m.id LIMIT 1) AS agent_id
            FROM conversations c
            WHERE c.workspace_id = \(bind: agent.workspaceID.rawValue) AND c.first_response_at IS NOT NULL
            AND c.first_inbound_at IS NOT NULL
            AND c.first_response_at >= \(bind: from.storeMillis) AND c.first_response_at < \(bind: to.storeMillis)
            """)
        if case .only(let channels) = agent.effectiveChannelAccess {
            if channels.isEmpty { return [] }
            sql = sql + SQLQueryString(" AND c.channel_account_id IN (") + Self.bindList(channels.map(\.rawValue).sorted()) + SQLQueryString(")")
        }
        let query = sql
        return try await self.engine.read { db in
            try await db.raw(query).all().map { row in
                FirstResponseRecord(
                    conversationID: try row.id("id"), channelAccountID: try row.id("channel_account_id"),
                    platform: try row.enumValue("platform"), firstInboundAt: try row.date("first_inbound_at"),
                    firstResponseAt: try row.date("first_response_at"), agentID: try row.optionalID("agent_id")
                )
            }
        }
    }
}
