import Foundation
import Logging
import ShopDeskCore
import ShopDeskStore

extension APIHandler {
    func listBuyers(_ input: Operations.ListBuyers.Input) async throws -> Operations.ListBuyers.Output {
        let signedIn = try await self.authenticate()
        let limit = input.query.limit ?? 50
        guard (1...200).contains(limit) else { throw APIError.badRequest("limit must be between 1 and 200") }
        if let text = input.query.q, text.count > 200 { throw APIError.badRequest("q must be at most 200 characters") }
        let page: BuyerPage
        do {
            page = try await self.store.listBuyers(workspace: signedIn.workspaceID, text: input.query.q, cursor: input.query.cursor, limit: limit)
        } catch StoreError.invalid(_, let message) {
            throw APIError.badRequest(message)
        }
        let filter = try await self.personalDataFilter(for: signedIn, reveal: false, subject: ("buyers", "list"))
        return .ok(.init(body: .json(.init(items: page.items.map(filter.buyer), nextCursor: page.nextCursor))))
    }

    func getBuyer(_ input: Operations.GetBuyer.Input) async throws -> Operations.GetBuyer.Output {
        let signedIn = try await self.authenticate()
        let buyer = try await self.store.buyer(Buyer.ID(rawValue: input.path.buyerId), workspace: signedIn.workspaceID)
        let filter = try await self.personalDataFilter(for: signedIn, reveal: input.query.reveal ?? false, subject: ("buyer", buyer.id.rawValue))
        return .ok(.init(body: .json(filter.buyer(buyer))))
    }

    func linkBuyer(_ input: Operations.LinkBuyer.Input) async throws -> Operations.LinkBuyer.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected a JSON body") }
        let buyer = try await self.store.linkBuyer(
            Buyer.ID(rawValue: body.buyerId), into: Buyer.ID(rawValue: input.path.buyerId), workspace: signedIn.workspaceID
        )
        let filter = try await self.personalDataFilter(for: signedIn, reveal: false, subject: ("buyer", buyer.id.rawValue))
        return .ok(.init(body: .json(filter.buyer(buyer))))
    }
}

extension APIHandler {
    func exportBuyer(_ input: Operations.ExportBuyer.Input) async throws -> Operations.ExportBuyer.Output {
        let signedIn = try await self.authenticate()
        try signedIn.require(.admin)
        let export = try await self.store.exportBuyer(
            Buyer.ID(rawValue: input.path.buyerId), workspace: signedIn.workspaceID, by: .init(signedIn.agent), now: self.now
        )
        // The document is defined once, in Core; the API's generated type reads the same JSON.
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let body = try decoder.decode(Components.Schemas.BuyerExport.self, from: try export.jsonData(pretty: false))
        return .ok(.init(body: .json(body)))
    }

    func eraseBuyer(_ input: Operations.EraseBuyer.Input) async throws -> Operations.EraseBuyer.Output {
        let signedIn = try await self.authenticate()
        try signedIn.require(.admin)
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected a JSON body") }
        guard body.confirm else { throw APIError.invalid("erasure cannot be undone: send {\"confirm\": true}") }
        let report = try await self.store.eraseBuyer(
            Buyer.ID(rawValue: input.path.buyerId), workspace: signedIn.workspaceID, by: .init(signedIn.agent), now: self.now
        )
        self.dependencies.logger.notice("buyer erased", metadata: ["buyer": "\(report.buyerID)", "by": "\(signedIn.agent.id)"])
        return .ok(.init(body: .json(.init(
            buyerId: report.buyerID.rawValue, identities: report.identities, conversations: report.conversations,
            messages: report.messages, webhookEvents: report.webhookEvents, cancelledReplies: report.cancelledReplies
        ))))
    }

    func getPrivacySettings(_ input: Operations.GetPrivacySettings.Input) async throws -> Operations.GetPrivacySettings.Output {
        let signedIn = try await self.authenticate()
        try signedIn.require(.admin)
        return .ok(.init(body: .json(.init(retentionDays: try await self.store.retentionDays(workspace: signedIn.workspaceID)))))
    }

    func setPrivacySettings(_ input: Operations.SetPrivacySettings.Input) async throws -> Operations.SetPrivacySettings.Output {
        let signedIn = try await self.authenticate()
        try signedIn.require(.owner)
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected a JSON body") }
        try await self.store.setRetentionDays(body.retentionDays, workspace: signedIn.workspaceID, by: .init(signedIn.agent), now: self.now)
        self.dependencies.retention.wake()
        return .ok(.init(body: .json(.init(retentionDays: body.retentionDays))))
    }

    func listAuditLog(_ input: Operations.ListAuditLog.Input) async throws -> Operations.ListAuditLog.Output {
        let signedIn = try await self.authenticate()
        try signedIn.require(.admin)
        let limit = input.query.limit ?? 50
        guard (1...200).contains(limit) else { throw APIError.badRequest("limit must be between 1 and 200") }
        let page: AuditPage
        do {
            page = try await self.store.auditLog(
                workspace: signedIn.workspaceID, action: input.query.action.flatMap { AuditEntry.Action(rawValue: $0.rawValue) },
                cursor: input.query.cursor, limit: limit
            )
        } catch StoreError.invalid(_, let message) {
            throw APIError.badRequest(message)
        }
        return .ok(.init(body: .json(.init(
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
