import Foundation
import SQLKit
import ShopDeskCore

/// One page of buyers and the cursor for the next.
public struct BuyerPage: Sendable {
    public var items: [Buyer]
    public var nextCursor: String?
}

extension SQLStore {
    /// Lists buyers by creation, optionally those whose name (on any identity) contains `text`. With
    /// `channels`, only buyers known on one of those channel accounts, with only those identities.
    public func listBuyers(
        workspace: Workspace.ID, channels: Set<ChannelAccount.ID>? = nil, text: String?, cursor: String?, limit: Int
    ) async throws -> BuyerPage {
        guard (1...200).contains(limit) else {
            throw StoreError.invalid(field: "limit", message: "limit must be between 1 and 200")
        }
        var sql = SQLQueryString("SELECT b.* FROM buyers b WHERE b.workspace_id = \(bind: workspace.rawValue)")
        if let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty {
            let like = self.engine.kind == .postgres ? "ILIKE" : "LIKE"
            let pattern = likePattern(containing: text)
            sql =
                sql
                + SQLQueryString(
                    " AND (b.display_name \(unsafeRaw: like) \(bind: pattern) ESCAPE '\\' OR EXISTS (SELECT 1 FROM buyer_identities i WHERE i.buyer_id = b.id AND (i.display_name \(unsafeRaw: like) \(bind: pattern) ESCAPE '\\' OR i.platform_user_id = \(bind: text))))"
                )
        }
        if let channels {
            guard !channels.isEmpty else { return BuyerPage(items: [], nextCursor: nil) }
            sql =
                sql + SQLQueryString(" AND EXISTS (SELECT 1 FROM buyer_identities c WHERE c.buyer_id = b.id AND c.channel_account_id IN (")
                + Self.bindList(channels.map(\.rawValue).sorted()) + SQLQueryString("))")
        }
        if let cursor {
            let (_, id) = try Self.decodeCursor(cursor)
            sql = sql + " AND b.id > \(bind: id)"
        }
        sql = sql + " ORDER BY b.id LIMIT \(bind: Int64(limit + 1))"
        let query = sql
        let (rows, identities) = try await self.engine.read { db in
            let rows = Array(try await db.raw(query).all().prefix(limit + 1))
            let ids = try rows.prefix(limit).map { try $0.string("id") }
            guard !ids.isEmpty else { return (rows, [any SQLRow]()) }
            let identities = try await db.raw(
                SQLQueryString("SELECT * FROM buyer_identities WHERE buyer_id IN (") + Self.bindList(ids)
                    + SQLQueryString(") ORDER BY created_at, id")
            ).all()
            return (rows, identities)
        }
        let visible = try identities.map(Self.identity(from:)).filter { channels?.contains($0.channelAccountID) ?? true }
        let byBuyer = Dictionary(grouping: visible, by: \.buyerID)
        let buyers = try rows.prefix(limit).map { row in
            try Self.buyer(from: row, identities: byBuyer[try row.id("id")] ?? [])
        }
        let next = rows.count > limit ? buyers.last.map { Self.encodeCursor(key: 0, id: $0.id.rawValue) } : nil
        return BuyerPage(items: buyers, nextCursor: next)
    }

    /// A buyer with every identity linked to them.
    public func buyer(_ id: Buyer.ID, workspace: Workspace.ID) async throws -> Buyer {
        let (row, identities) = try await self.engine.read { db in
            let row = try await db.raw(
                """
                SELECT * FROM buyers WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspace.rawValue)
                """
            ).first()
            let identities = try await db.raw(
                """
                SELECT * FROM buyer_identities WHERE buyer_id = \(bind: id.rawValue) AND workspace_id = \(bind: workspace.rawValue)
                ORDER BY created_at, id
                """
            ).all()
            return (row, identities)
        }
        guard let row else { throw StoreError.notFound("buyer \(id)") }
        return try Self.buyer(from: row, identities: try identities.map(Self.identity(from:)))
    }

    /// Links `other` into `buyer`: one person seen on two channels. The other buyer's identities and
    /// conversations move over and the other buyer record is removed.
    public func linkBuyer(_ other: Buyer.ID, into buyer: Buyer.ID, workspace: Workspace.ID) async throws -> Buyer {
        guard other != buyer else {
            throw StoreError.invalid(field: "buyer_id", message: "a buyer cannot be linked to itself")
        }
        let kept = try await self.buyer(buyer, workspace: workspace)
        do {
            _ = try await self.buyer(other, workspace: workspace)
        } catch StoreError.notFound {
            throw StoreError.invalid(field: "buyer_id", message: "no buyer \(other) in this workspace")
        }
        try await self.engine.transaction { db in
            try await db.raw("UPDATE buyer_identities SET buyer_id = \(bind: buyer.rawValue) WHERE buyer_id = \(bind: other.rawValue)").run()
            try await db.raw("UPDATE conversations SET buyer_id = \(bind: buyer.rawValue) WHERE buyer_id = \(bind: other.rawValue)").run()
            if kept.displayName == nil {
                try await db.raw(
                    """
                    UPDATE buyers SET display_name = (SELECT display_name FROM buyers WHERE id = \(bind: other.rawValue))
                    WHERE id = \(bind: buyer.rawValue)
                    """
                ).run()
            }
            try await db.raw("DELETE FROM buyers WHERE id = \(bind: other.rawValue)").run()
        }
        return try await self.buyer(buyer, workspace: workspace)
    }

    static func buyer(from row: any SQLRow, identities: [BuyerIdentity]) throws -> Buyer {
        Buyer(
            id: try row.id("id"), workspaceID: try row.id("workspace_id"), displayName: try row.optionalString("display_name"),
            identities: identities, createdAt: try row.date("created_at")
        )
    }

    static func identity(from row: any SQLRow) throws -> BuyerIdentity {
        BuyerIdentity(
            id: try row.id("id"), buyerID: try row.id("buyer_id"), channelAccountID: try row.id("channel_account_id"),
            platform: try row.enumValue("platform"), platformUserID: try row.string("platform_user_id"),
            displayName: try row.optionalString("display_name"), language: try row.optionalString("language"),
            createdAt: try row.date("created_at")
        )
    }
}
