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
        return .ok(.init(body: .json(.init(items: page.items.map(Components.Schemas.Buyer.init), nextCursor: page.nextCursor))))
    }

    func getBuyer(_ input: Operations.GetBuyer.Input) async throws -> Operations.GetBuyer.Output {
        let signedIn = try await self.authenticate()
        let buyer = try await self.store.buyer(Buyer.ID(rawValue: input.path.buyerId), workspace: signedIn.workspaceID)
        return .ok(.init(body: .json(.init(buyer))))
    }

    func linkBuyer(_ input: Operations.LinkBuyer.Input) async throws -> Operations.LinkBuyer.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected a JSON body") }
        let buyer = try await self.store.linkBuyer(
            Buyer.ID(rawValue: body.buyerId), into: Buyer.ID(rawValue: input.path.buyerId), workspace: signedIn.workspaceID
        )
        return .ok(.init(body: .json(.init(buyer))))
    }
}
