import Foundation
import ShopDeskChannels
import ShopDeskCore
import ShopDeskStore

extension APIHandler {
    func listOrders(_ input: Operations.ListOrders.Input) async throws -> Operations.ListOrders.Output {
        let signedIn = try await self.authenticate()
        let query = input.query
        let filter = OrderFilter(
            channel: query.channelId.map { ChannelAccount.ID(rawValue: $0) }, status: query.status.flatMap { Order.Status(rawValue: $0.rawValue) },
            buyer: query.buyerId.map { Buyer.ID(rawValue: $0) }, dueWithin: query.atRisk == true ? DispatchAlerts.leads[0] : nil,
            oversold: query.oversold ?? false)
        let page = try await self.desk.orders(filter, cursor: query.cursor, limit: query.limit ?? 50, by: signedIn)
        return .ok(.init(body: .json(.init(items: page.items.map(Components.Schemas.Order.init), nextCursor: page.nextCursor))))
    }

    func getOrder(_ input: Operations.GetOrder.Input) async throws -> Operations.GetOrder.Output {
        let signedIn = try await self.authenticate()
        let order = try await self.desk.order(Order.ID(rawValue: input.path.orderId), reveal: input.query.reveal ?? false, by: signedIn)
        return .ok(.init(body: .json(.init(order))))
    }

    func listOrderCancelReasons(_ input: Operations.ListOrderCancelReasons.Input) async throws -> Operations.ListOrderCancelReasons.Output {
        let signedIn = try await self.authenticate()
        let reasons = try await self.desk.cancelReasons(Order.ID(rawValue: input.path.orderId), by: signedIn)
        return .ok(.init(body: .json(.init(items: reasons.map { .init(code: $0.code, name: $0.name) }))))
    }

    func cancelOrder(_ input: Operations.CancelOrder.Input) async throws -> Operations.CancelOrder.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        let order = try await self.desk.cancelOrder(Order.ID(rawValue: input.path.orderId), reason: body.reason, by: signedIn)
        return .ok(.init(body: .json(.init(order))))
    }

    func receiveOrderReturn(_ input: Operations.ReceiveOrderReturn.Input) async throws -> Operations.ReceiveOrderReturn.Output {
        let signedIn = try await self.authenticate()
        let order = try await self.desk.receiveReturn(Order.ID(rawValue: input.path.orderId), by: signedIn)
        return .ok(.init(body: .json(.init(order))))
    }

    func listLateDispatchRates(_ input: Operations.ListLateDispatchRates.Input) async throws -> Operations.ListLateDispatchRates.Output {
        let signedIn = try await self.authenticate()
        let shops = try await self.desk.lateDispatchByShop(days: input.query.days ?? 7, by: signedIn)
        let items = shops.map { shop in
            Components.Schemas.LateDispatchRate(
                channelAccountId: shop.account.id.rawValue, late: shop.rate.late, dispatched: shop.rate.dispatched, rate: shop.rate.rate,
                platformRate: shop.platform?.lateShipmentRate, platformTarget: shop.platform?.target, platformPeriod: shop.platform?.period,
                platformReadAt: shop.platform?.readAt)
        }
        return .ok(.init(body: .json(.init(items: items))))
    }

    func listDispatchAlerts(_ input: Operations.ListDispatchAlerts.Input) async throws -> Operations.ListDispatchAlerts.Output {
        let signedIn = try await self.authenticate()
        let alerts = try await self.desk.dispatchAlerts(hours: input.query.hours ?? 24, by: signedIn)
        let items = alerts.map { alert in
            Components.Schemas.DispatchAlert(
                id: alert.id, kind: .init(rawValue: alert.kind) ?? .dispatchWarning, orderId: alert.orderID.rawValue, externalId: alert.externalID,
                platform: alert.platform.rawValue, channelAccountId: alert.channelAccountID.rawValue, shipBy: alert.deadline,
                leadSeconds: alert.leadSeconds, firedAt: alert.firedAt)
        }
        return .ok(.init(body: .json(.init(items: items))))
    }
}

extension Components.Schemas.Order {
    init(_ order: Order) {
        func money(_ minor: Int64?) -> String? {
            guard let minor, let currency = order.currency else { return nil }
            return Price(market: "", currency: currency, amountMinor: minor).amountText
        }
        self.init(
            id: order.id.rawValue, platform: order.platform.rawValue, channelAccountId: order.channelAccountID.rawValue,
            externalId: order.externalID, status: .init(rawValue: order.status.rawValue)!, platformStatus: order.platformStatus,
            lines: order.lines.map { line in
                .init(
                    sku: line.sku, quantity: line.quantity, held: line.held, title: line.line.title, unitPrice: money(line.line.unitPriceMinor),
                    discount: money(line.line.discountMinor))
            },
            currency: order.currency, total: money(order.totalMinor), buyerId: order.buyerID?.rawValue,
            buyerPlatformUserId: order.buyerPlatformUserID, shippingAddress: order.shippingAddress, paymentMethod: order.paymentMethod,
            cashOnDelivery: order.cashOnDelivery, carrier: order.carrier, trackingNumber: order.trackingNumber, placedAt: order.placedAt,
            shipBy: order.shipBy, autoCancelAt: order.autoCancelAt, shippedAt: order.shippedAt, dispatchedLate: order.dispatchedLate,
            oversold: order.oversold, returnReceived: order.returnReceived, updatedAt: order.updatedAt,
            history: order.history.map { .init(status: .init(rawValue: $0.status.rawValue)!, platformStatus: $0.platformStatus, at: $0.at) })
    }
}

extension APIHandler {
    /// An order from the seller's own site, authenticated by its signature alone.
    func postCustomChannelOrder(_ input: Operations.PostCustomChannelOrder.Input) async throws -> Operations.PostCustomChannelOrder.Output {
        let id = try await self.desk.receiveCustomOrder(
            try Self.customOrder(input.body), rawBody: RequestCredentials.current.rawBody, signature: input.headers.xShopDeskSignature,
            channel: ChannelAccount.ID(rawValue: input.path.channelId))
        return .accepted(.init(body: .json(.init(orderId: id?.rawValue, stored: id != nil))))
    }

    private static func customOrder(_ body: Operations.PostCustomChannelOrder.Input.Body) throws -> CustomChannelOrder {
        guard case .json(let order) = body else { throw Self.expectedJSON }
        return CustomChannelOrder(
            orderID: order.orderId, status: Order.Status(rawValue: order.status.rawValue)!, updatedAt: order.updatedAt, placedAt: order.placedAt,
            buyerID: order.buyer?.id,
            lines: order.lines.map { .init(sku: $0.sku, quantity: Int64($0.quantity), title: $0.title, unitPrice: $0.unitPrice) },
            currency: order.currency, total: order.total, shipBy: order.shipBy, carrier: order.carrier, trackingNumber: order.trackingNumber,
            paymentMethod: order.paymentMethod, cashOnDelivery: order.cashOnDelivery ?? false, shippingAddress: order.shippingAddress)
    }
}
