import Foundation
import ShopDeskChannels
import ShopDeskCore
import ShopDeskStore

extension Desk {
    /// The order's after-sale requests (cancellations, returns, refunds), newest first.
    func afterSales(of id: Order.ID, by signedIn: AuthenticatedAgent) async throws -> [AfterSale] {
        let order = try await self.order(id, by: signedIn)
        return try await self.store.afterSales(order: order.id, workspace: signedIn.workspaceID)
    }

    /// The reasons the platform takes for rejecting one of the order's requests.
    func rejectReasons(_ requestID: String, of id: Order.ID, by signedIn: AuthenticatedAgent) async throws -> [CancelReason] {
        let (order, request) = try await self.afterSale(requestID, of: id, by: signedIn)
        let (account, credentials) = try await self.orderAccount(order)
        return try await self.platformClient.rejectReasons(
            for: request.platformRequest(of: order), order: order, account: account, credentials: credentials)
    }

    /// Approves or rejects a buyer's request on its platform (a rejection with one of its reasons), records
    /// it with the audit log, and reads the order and its requests back. A request already decided the
    /// same way is returned as it is.
    func decideAfterSale(
        _ requestID: String, of id: Order.ID, approve: Bool, reason: String?, comment: String?, by signedIn: AuthenticatedAgent
    ) async throws -> AfterSale {
        let (order, request) = try await self.afterSale(requestID, of: id, by: signedIn)
        let decision: AfterSale.Decision = approve ? .approved : .rejected
        if request.decision == decision { return request }
        guard request.awaitingSeller else {
            throw DeskError.invalid("the request is \(request.platformStatus) on \(order.platform.rawValue); it waits for no answer from the seller")
        }
        let reason = reason?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        let comment = comment?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        guard (reason?.count ?? 0) <= 200, (comment?.count ?? 0) <= 2000 else {
            throw DeskError.invalid("reason must be at most 200 characters and comment at most 2000")
        }
        let (account, credentials) = try await self.orderAccount(order)
        try await self.platformClient.decide(
            request.platformRequest(of: order), approve: approve, reason: reason, comment: comment,
            idempotencyKey: "\(decision.rawValue):\(order.id.rawValue):\(requestID)", order: order, account: account, credentials: credentials)
        try await self.store.recordAfterSaleDecision(
            decision, channel: order.channelAccountID, requestID: requestID, actor: signedIn.actorName, now: self.now)
        let action: AuditEntry.Action = approve ? .afterSaleApproved : .afterSaleRejected
        try await self.store.recordAudit(
            action, by: signedIn.actor, workspace: signedIn.workspaceID, subject: ("order", id.rawValue),
            detail: "\(order.platform.rawValue) \(order.externalID) \(request.kind.rawValue) \(requestID)\(reason.map { ": \($0)" } ?? "")",
            now: self.now)
        try await self.store.requestOrderFetch(
            order.externalID, channel: order.channelAccountID, workspace: signedIn.workspaceID, afterSales: true, now: self.now)
        var changes = Changes.audited(action)
        changes.ordersRequested = true
        changes.orders[order.id] = Changes.Scope(workspace: signedIn.workspaceID, channel: order.channelAccountID)
        var decided = request
        decided.decision = decision
        decided.awaitingSeller = false
        return self.finish(decided, changes)
    }

    /// Requests waiting for the seller's answer on the channels the agent may see, due soonest first.
    func afterSalesAwaitingSeller(by signedIn: AuthenticatedAgent) async throws -> [AfterSale] {
        try await self.store.afterSalesAwaitingSeller(workspace: signedIn.workspaceID, channels: signedIn.agent.channelAccess.restriction)
    }

    private func afterSale(_ requestID: String, of id: Order.ID, by signedIn: AuthenticatedAgent) async throws -> (Order, AfterSale) {
        let order = try await self.order(id, by: signedIn)
        guard
            let request = try await self.store.afterSales(order: order.id, workspace: signedIn.workspaceID).first(where: { $0.requestID == requestID }
            )
        else { throw DeskError.notFound("request \(requestID) of order \(order.externalID) not found") }
        return (order, request)
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { self.isEmpty ? nil : self }
}
