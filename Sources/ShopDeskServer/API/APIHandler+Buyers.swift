import Foundation
import ShopDeskCore
import ShopDeskStore

extension APIHandler {
    func listBuyers(_ input: Operations.ListBuyers.Input) async throws -> Operations.ListBuyers.Output {
        let signedIn = try await self.authenticate()
        let page = try await self.desk.buyers(matching: input.query.q, cursor: input.query.cursor, limit: input.query.limit ?? 50, by: signedIn)
        return .ok(.init(body: .json(.init(items: page.items.map(Components.Schemas.Buyer.init), nextCursor: page.nextCursor))))
    }

    func getBuyer(_ input: Operations.GetBuyer.Input) async throws -> Operations.GetBuyer.Output {
        let signedIn = try await self.authenticate()
        let buyer = try await self.desk.buyer(Buyer.ID(rawValue: input.path.buyerId), reveal: input.query.reveal ?? false, by: signedIn)
        return .ok(.init(body: .json(.init(buyer))))
    }

    func linkBuyer(_ input: Operations.LinkBuyer.Input) async throws -> Operations.LinkBuyer.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        let buyer = try await self.desk.linkBuyer(Buyer.ID(rawValue: body.buyerId), into: Buyer.ID(rawValue: input.path.buyerId), by: signedIn)
        return .ok(.init(body: .json(.init(buyer))))
    }

    func setBuyerBlocked(_ input: Operations.SetBuyerBlocked.Input) async throws -> Operations.SetBuyerBlocked.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        try await self.desk.setBuyerBlocked(
            body.blocked, buyer: Buyer.ID(rawValue: input.path.buyerId), channel: ChannelAccount.ID(rawValue: body.channelAccountId), by: signedIn
        )
        return .noContent(.init())
    }

    func exportBuyer(_ input: Operations.ExportBuyer.Input) async throws -> Operations.ExportBuyer.Output {
        let signedIn = try await self.authenticate()
        let export = try await self.desk.exportBuyer(Buyer.ID(rawValue: input.path.buyerId), by: signedIn)
        // The document is defined once, in Core; the API's generated type reads the same JSON.
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return .ok(.init(body: .json(try decoder.decode(Components.Schemas.BuyerExport.self, from: try export.jsonData(pretty: false)))))
    }

    func eraseBuyer(_ input: Operations.EraseBuyer.Input) async throws -> Operations.EraseBuyer.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        let report = try await self.desk.eraseBuyer(Buyer.ID(rawValue: input.path.buyerId), confirmed: body.confirm, by: signedIn)
        return .ok(
            .init(
                body: .json(
                    .init(
                        buyerId: report.buyerID.rawValue, identities: report.identities, conversations: report.conversations,
                        messages: report.messages, webhookEvents: report.webhookEvents, cancelledReplies: report.cancelledReplies,
                        orders: report.orders
                    ))))
    }

    func getPrivacySettings(_ input: Operations.GetPrivacySettings.Input) async throws -> Operations.GetPrivacySettings.Output {
        .ok(.init(body: .json(.init(retentionDays: try await self.desk.retentionDays(by: try await self.authenticate())))))
    }

    func setPrivacySettings(_ input: Operations.SetPrivacySettings.Input) async throws -> Operations.SetPrivacySettings.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        try await self.desk.setRetentionDays(body.retentionDays, by: signedIn)
        return .ok(.init(body: .json(.init(retentionDays: body.retentionDays))))
    }

    func listAuditLog(_ input: Operations.ListAuditLog.Input) async throws -> Operations.ListAuditLog.Output {
        let signedIn = try await self.authenticate()
        let page = try await self.desk.auditLog(
            action: input.query.action.flatMap { AuditEntry.Action(rawValue: $0.rawValue) }, cursor: input.query.cursor,
            limit: input.query.limit ?? 50, by: signedIn
        )
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: page.items.map { entry in
                            .init(
                                id: entry.id.rawValue, at: entry.at, actorAgentId: entry.actor.agentID?.rawValue, actorName: entry.actor.name,
                                action: .init(rawValue: entry.action.rawValue)!, subjectKind: entry.subjectKind, subjectId: entry.subjectID,
                                detail: entry.detail
                            )
                        },
                        nextCursor: page.nextCursor
                    ))))
    }
}
