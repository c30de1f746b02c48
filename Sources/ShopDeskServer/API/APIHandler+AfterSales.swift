import Foundation
import ShopDeskChannels
import ShopDeskCore
import ShopDeskStore

extension APIHandler {
    func listOrderAfterSales(_ input: Operations.ListOrderAfterSales.Input) async throws -> Operations.ListOrderAfterSales.Output {
        let signedIn = try await self.authenticate()
        let requests = try await self.desk.afterSales(of: Order.ID(rawValue: input.path.orderId), by: signedIn)
        return .ok(.init(body: .json(.init(items: requests.map(Components.Schemas.AfterSale.init)))))
    }

    func listAfterSaleRejectReasons(_ input: Operations.ListAfterSaleRejectReasons.Input) async throws -> Operations.ListAfterSaleRejectReasons.Output
    {
        let signedIn = try await self.authenticate()
        let reasons = try await self.desk.rejectReasons(input.path.requestId, of: Order.ID(rawValue: input.path.orderId), by: signedIn)
        return .ok(.init(body: .json(.init(items: reasons.map { .init(code: $0.code, name: $0.name) }))))
    }

    func approveAfterSale(_ input: Operations.ApproveAfterSale.Input) async throws -> Operations.ApproveAfterSale.Output {
        let signedIn = try await self.authenticate()
        let decided = try await self.desk.decideAfterSale(
            input.path.requestId, of: Order.ID(rawValue: input.path.orderId), approve: true, reason: nil, comment: nil, by: signedIn)
        return .ok(.init(body: .json(.init(decided))))
    }

    func rejectAfterSale(_ input: Operations.RejectAfterSale.Input) async throws -> Operations.RejectAfterSale.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        let decided = try await self.desk.decideAfterSale(
            input.path.requestId, of: Order.ID(rawValue: input.path.orderId), approve: false, reason: body.reason, comment: body.comment,
            by: signedIn)
        return .ok(.init(body: .json(.init(decided))))
    }

    func listAfterSalesAwaitingSeller(
        _ input: Operations.ListAfterSalesAwaitingSeller.Input
    ) async throws -> Operations.ListAfterSalesAwaitingSeller.Output {
        let signedIn = try await self.authenticate()
        let requests = try await self.desk.afterSalesAwaitingSeller(by: signedIn)
        return .ok(.init(body: .json(.init(items: requests.map(Components.Schemas.AfterSale.init)))))
    }
}

extension Components.Schemas.AfterSale {
    init(_ request: AfterSale) {
        self.init(
            requestId: request.requestID, orderId: request.orderID.rawValue, channelAccountId: request.channelAccountID.rawValue,
            kind: .init(rawValue: request.kind.rawValue)!, platformStatus: request.platformStatus, awaitingSeller: request.awaitingSeller,
            respondBy: request.respondBy, reason: request.reason,
            refund: request.refundMinor.flatMap { minor in request.currency.map { Price(market: "", currency: $0, amountMinor: minor).amountText } },
            currency: request.currency, lineIds: request.lineIDs, decision: request.decision.flatMap { .init(rawValue: $0.rawValue) },
            decidedBy: request.decidedBy, decidedAt: request.decidedAt)
    }
}
