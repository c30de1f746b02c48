import AsyncHTTPClient
import Foundation
import ShopDeskChannels
import ShopDeskCore
import ShopDeskStore

extension Desk {
    /// Orders on the channels the agent may see, newest first (or the most urgent first with `dueWithin`),
    /// shipping addresses masked.
    func orders(_ filter: OrderFilter, cursor: String?, limit: Int, by signedIn: AuthenticatedAgent) async throws -> OrderPage {
        if let channel = filter.channel { try signedIn.requireAccess(to: channel) }
        var page = try await self.store.listOrders(
            workspace: signedIn.workspaceID, channels: signedIn.agent.channelAccess.restriction, filter: filter, cursor: cursor, limit: limit,
            now: self.now)
        let shown = try await self.personalDataFilter(for: signedIn, reveal: false, subject: ("order", ""))
        page.items = page.items.map { Self.masked($0, shown) }
        return page
    }

    /// One order with its history; with `reveal` (admins, audited) its address unmasked.
    func order(_ id: Order.ID, reveal: Bool = false, by signedIn: AuthenticatedAgent) async throws -> Order {
        let order = try await self.store.order(id, workspace: signedIn.workspaceID)
        guard signedIn.agent.canAccess(order.channelAccountID) else { throw DeskError.notFound("order \(id) not found") }
        let shown = try await self.personalDataFilter(for: signedIn, reveal: reveal, subject: ("order", id.rawValue))
        return Self.masked(order, shown)
    }

    private static func masked(_ order: Order, _ filter: PersonalDataFilter) -> Order {
        var shown = order
        shown.shippingAddress = filter.text(order.shippingAddress, channel: order.channelAccountID).map {
            filter.reveal ? $0 : PersonalDataMasker.maskStreet($0)
        }
        return shown
    }

    /// The reasons the order's platform accepts now for the seller cancelling it (read from the
    /// platform where it has an API for them).
    func cancelReasons(_ id: Order.ID, by signedIn: AuthenticatedAgent) async throws -> [CancelReason] {
        try await self.cancelReasons(of: try await self.order(id, by: signedIn))
    }

    private func cancelReasons(of order: Order) async throws -> [CancelReason] {
        guard order.status == .awaitingPayment || order.status.awaitsDispatch else { return [] }
        let (account, credentials) = try await self.orderAccount(order)
        return try await self.platformClient.cancelReasons(for: order, account: account, credentials: credentials)
    }

    /// Cancels the order on its platform with one of its reasons, then reads it back (the platform's
    /// answer moves the stock). An order already cancelled is returned as it is, so a repeated request
    /// does nothing twice.
    func cancelOrder(_ id: Order.ID, reason: String, by signedIn: AuthenticatedAgent) async throws -> Order {
        let order = try await self.order(id, by: signedIn)
        if order.status == .cancelled { return order }
        guard order.status == .awaitingPayment || order.status.awaitsDispatch else {
            throw DeskError.invalid("order \(order.externalID) is \(order.status.rawValue); only an order not yet shipped can be cancelled")
        }
        let reason = reason.trimmingCharacters(in: .whitespaces)
        guard !reason.isEmpty, reason.count <= 200 else {
            throw DeskError.invalid("reason is required (at most 200 characters): one of the order's cancel reasons")
        }
        let (account, credentials) = try await self.orderAccount(order)
        try await self.platformClient.cancel(
            order, reason: reason, idempotencyKey: "cancel:\(order.id.rawValue)", account: account, credentials: credentials)
        try await self.store.recordAudit(
            .orderCancelled, by: signedIn.actor, workspace: signedIn.workspaceID, subject: ("order", id.rawValue),
            detail: "\(order.platform.rawValue) \(order.externalID): \(reason)", now: self.now)
        try await self.store.requestOrderFetch(order.externalID, channel: order.channelAccountID, workspace: signedIn.workspaceID, now: self.now)
        var changes = Changes.audited(.orderCancelled)
        changes.ordersRequested = true
        return self.finish(order, changes)
    }

    /// The seller has the returned parcel in hand: its units go back on the shelf.
    func receiveReturn(_ id: Order.ID, by signedIn: AuthenticatedAgent) async throws -> Order {
        let order = try await self.order(id, by: signedIn)
        let skus = try await self.store.receiveReturn(id, workspace: signedIn.workspaceID, actor: signedIn.actorName, now: self.now)
        var changes = Changes.stock(skus, in: signedIn.workspaceID)
        if !skus.isEmpty {
            try await self.store.recordAudit(
                .returnReceived, by: signedIn.actor, workspace: signedIn.workspaceID, subject: ("order", id.rawValue),
                detail: "\(order.platform.rawValue) \(order.externalID)", now: self.now)
            changes.audited = [.returnReceived]
        }
        return self.finish(try await self.order(id, by: signedIn), changes)
    }

    /// Every marketplace shop the agent may see with its late-dispatch rate over the last `days` days (an
    /// empty rate for a shop that dispatched nothing), and its platform's own figure where it gives one.
    func lateDispatchByShop(days: Int = 7, by signedIn: AuthenticatedAgent) async throws -> [ShopDispatch] {
        guard (1...90).contains(days) else { throw DeskError.invalid("days must be between 1 and 90") }
        let rates = try await self.store.lateDispatchRates(
            workspace: signedIn.workspaceID, from: self.now.addingTimeInterval(-Double(days) * 86_400), to: self.now)
        let figures = try await self.store.shopFigures(workspace: signedIn.workspaceID)
        return try await self.channelAccounts(by: signedIn).filter { DueWork.orderPlatforms.contains($0.platform) }.map {
            ShopDispatch(account: $0, rate: rates[$0.id] ?? LateDispatchRate(late: 0, dispatched: 0), platform: figures[$0.id])
        }
    }

    func orderAccount(_ order: Order) async throws -> (ChannelAccount, ChannelCredentials) {
        guard let found = try await self.store.channelAccountWithCredentials(order.channelAccountID) else {
            throw DeskError.invalid("the order's channel account was archived; act on the order in the platform's seller centre")
        }
        return found
    }

    /// Calls to the platforms made while an agent waits (reading cancel reasons, cancelling).
    var platformClient: PlatformClient {
        PlatformClient(transport: self.platformTransport ?? HTTPClientTransport(client: .shared), now: self.clock)
    }
}

extension Desk {
    /// Dispatch alerts fired in the last `hours`, on the channels the agent may see.
    func dispatchAlerts(hours: Int, by signedIn: AuthenticatedAgent) async throws -> [OrderAlert] {
        guard (1...720).contains(hours) else { throw DeskError.invalid("hours must be between 1 and 720") }
        return try await self.store.orderAlerts(workspace: signedIn.workspaceID, since: self.now.addingTimeInterval(-Double(hours) * 3600))
            .filter { signedIn.agent.canAccess($0.channelAccountID) }
    }
}

extension Desk {
    func ordersScreen(_ filter: OrderFilter, cursor: String?, by signedIn: AuthenticatedAgent) async throws -> OrdersScreen {
        OrdersScreen(
            awaitingAnswer: try await self.afterSalesAwaitingSeller(by: signedIn),
            dueSoon: try await self.orders(OrderFilter(dueWithin: DispatchAlerts.leads[0]), cursor: nil, limit: 50, by: signedIn).items,
            oversold: try await self.orders(OrderFilter(oversold: true), cursor: nil, limit: 50, by: signedIn).items,
            page: try await self.orders(filter, cursor: cursor, limit: 50, by: signedIn), accounts: try await self.channelAccounts(by: signedIn),
            filter: filter, now: self.now)
    }

    /// An order's page, with the reasons its platform takes now for cancelling it (or why they could not be read).
    func orderScreen(_ id: Order.ID, by signedIn: AuthenticatedAgent) async throws -> OrderScreen {
        let order = try await self.order(id, by: signedIn)
        let account = try await self.channelAccount(order.channelAccountID, by: signedIn)
        var reasons: [CancelReason] = []
        var reasonsError: String?
        do {
            reasons = try await self.cancelReasons(of: order)
        } catch let error as PlatformAPIError {
            reasonsError = error.message
        } catch let error as DeskError {
            reasonsError = "\(error)"
        }
        let afterSales = try await self.store.afterSales(order: order.id, workspace: signedIn.workspaceID)
        var rejectReasons: [String: [CancelReason]] = [:]
        for request in afterSales where request.awaitingSeller {
            // Without the platform's reasons the form still rejects where the platform takes none.
            rejectReasons[request.requestID] = try? await self.rejectReasons(request.requestID, of: id, by: signedIn)
        }
        return OrderScreen(
            order: order, account: account, cancelReasons: reasons, reasonsError: reasonsError, afterSales: afterSales,
            rejectReasons: rejectReasons, now: self.now)
    }

    /// Which of these orders have a buyer's request waiting for the seller's answer.
    func awaitingAnswer(_ orders: [Order], by signedIn: AuthenticatedAgent) async throws -> Set<Order.ID> {
        guard !orders.isEmpty else { return [] }
        let waiting = Set(try await self.afterSalesAwaitingSeller(by: signedIn).map(\.orderID))
        return Set(orders.map(\.id)).intersection(waiting)
    }

    /// The latest orders of a conversation's buyer.
    func conversationOrders(_ id: Conversation.ID, by signedIn: AuthenticatedAgent) async throws -> [Order] {
        try await self.buyerOrders(try await self.store.conversation(id, for: signedIn.agent).buyerID, by: signedIn)
    }

    /// The buyer's latest orders on every channel linked to them (for the conversation's sidebar).
    func buyerOrders(_ buyer: Buyer.ID, by signedIn: AuthenticatedAgent) async throws -> [Order] {
        try await self.orders(OrderFilter(buyer: buyer), cursor: nil, limit: 10, by: signedIn).items
    }
}

/// A shop's late dispatch: ShopDesk's count, and its platform's figure where its API gives one.
struct ShopDispatch: Sendable {
    var account: ChannelAccount
    var rate: LateDispatchRate
    var platform: PlatformShopFigure?
}
