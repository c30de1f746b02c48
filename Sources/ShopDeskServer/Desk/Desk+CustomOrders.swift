import Foundation
import ShopDeskChannels
import ShopDeskCore
import ShopDeskStore

/// An order from the seller's own site, as its signed order webhook sends it.
struct CustomChannelOrder: Sendable {
    struct Line: Sendable {
        var sku: String
        var quantity: Int64
        var title: String?
        var unitPrice: String?
    }

    var orderID: String
    var status: Order.Status
    var updatedAt: Date
    var placedAt: Date?
    var buyerID: String?
    var lines: [Line]
    var currency: String?
    var total: String?
    var shipBy: Date?
    var carrier: String?
    var trackingNumber: String?
    var paymentMethod: String?
    var cashOnDelivery: Bool
    var shippingAddress: String?
}

extension Desk {
    /// An order from a custom channel (the seller's own site), checked by its signature before anything in
    /// it is believed, then stored as any marketplace order read is: its lifecycle, and its units through
    /// the stock ledger. Returns the order's id, or nil when ShopDesk already had a newer change of it.
    func receiveCustomOrder(
        _ order: @autoclosure () throws -> CustomChannelOrder, rawBody: [UInt8]?, signature: String?, channel: ChannelAccount.ID
    ) async throws -> Order.ID? {
        let account = try await self.verifiedCustomChannel(channel, rawBody: rawBody, signature: signature, sending: "order")
        let body = try order()
        let orderID = body.orderID.trimmingCharacters(in: .whitespaces)
        guard !orderID.isEmpty, orderID.count <= 200 else { throw DeskError.invalid("order_id must be 1 to 200 characters") }
        guard !body.lines.isEmpty, body.lines.count <= 100 else { throw DeskError.invalid("an order needs 1 to 100 lines") }
        let currency = body.currency?.uppercased()
        func minor(_ amount: String?, field: String) throws -> Int64? {
            try Self.minorUnits(amount, currency: currency, market: account.market, field: field)
        }
        var lines: [ChannelOrder.Line] = []
        for line in body.lines {
            let sku = try Product.validatedSKU(line.sku)
            guard (1...1_000_000).contains(line.quantity) else { throw DeskError.invalid("quantity of \(sku) must be 1 to 1000000") }
            lines.append(
                ChannelOrder.Line(
                    sku: sku, quantity: line.quantity, title: line.title, unitPriceMinor: try minor(line.unitPrice, field: "unit_price")))
        }
        var read = ChannelOrder(channelAccountID: channel, orderID: orderID, platformStatus: body.status.rawValue, lines: lines)
        read.currency = currency
        read.totalMinor = try minor(body.total, field: "total")
        read.buyerPlatformUserID = body.buyerID?.trimmingCharacters(in: .whitespaces)
        read.shippingAddress = body.shippingAddress
        read.paymentMethod = body.paymentMethod
        read.cashOnDelivery = body.cashOnDelivery
        read.carrier = body.carrier
        read.trackingNumber = body.trackingNumber
        read.placedAt = body.placedAt
        read.platformUpdatedAt = body.updatedAt
        read.shipBy = body.shipBy
        let applied = try await self.store.applyChannelOrder(read, platform: .custom, workspace: account.workspaceID, now: self.now)
        var changes = Changes.stock(applied.skus, in: account.workspaceID)
        if let id = applied.id { changes.orders[id] = Changes.Scope(workspace: account.workspaceID, channel: channel) }
        return self.finish(applied.id, changes)
    }
}

/// What the seller's site tells about a checkout it commits, to record the sale as an order.
struct CheckoutOrderDetails: Sendable {
    var channel: ChannelAccount.ID
    /// The site's order number (the reservation's id when it gives none).
    var orderID: String?
    var buyerID: String?
    var currency: String?
    var total: String?
    var shipBy: Date?
    var paymentMethod: String?
    var cashOnDelivery: Bool
    var shippingAddress: String?
}

extension Desk {
    /// Commits a held reservation and records the sale as an order of the seller's own site (a custom
    /// channel) in the same transaction. Returns the reservation and the order's id.
    func commitReservation(
        _ id: Reservation.ID, recording details: CheckoutOrderDetails, by signedIn: AuthenticatedAgent
    ) async throws -> (Reservation, Order.ID) {
        try signedIn.requireAccess(to: details.channel)
        let account = try await self.channelAccount(details.channel, by: signedIn)
        guard account.platform == .custom else {
            throw DeskError.invalid("checkout orders belong to the seller's own site: a custom channel, not \(account.platform.rawValue)")
        }
        let reservation = try await self.store.reservation(id, workspace: signedIn.workspaceID)
        let orderID = (details.orderID?.trimmingCharacters(in: .whitespaces)).flatMap { $0.isEmpty ? nil : $0 } ?? id.rawValue
        guard orderID.count <= 200 else { throw DeskError.invalid("order_id must be at most 200 characters") }
        let currency = details.currency?.uppercased()
        var order = ChannelOrder(
            channelAccountID: details.channel, orderID: orderID, platformStatus: Order.Status.awaitingShipment.rawValue,
            lines: reservation.lines.map { ChannelOrder.Line(sku: $0.sku, quantity: $0.quantity) })
        order.totalMinor = try Self.minorUnits(details.total, currency: currency, market: account.market, field: "total")
        order.currency = currency
        order.buyerPlatformUserID = details.buyerID
        order.shipBy = details.shipBy
        order.paymentMethod = details.paymentMethod
        order.cashOnDelivery = details.cashOnDelivery
        order.shippingAddress = details.shippingAddress
        order.placedAt = reservation.createdAt
        order.platformUpdatedAt = self.now
        let (committed, recorded) = try await self.store.commitReservation(id, asOrder: order, workspace: signedIn.workspaceID, now: self.now)
        var changes = Changes.stock(of: [committed])
        changes.orders[recorded] = Changes.Scope(workspace: signedIn.workspaceID, channel: details.channel)
        return self.finish((committed, recorded), changes)
    }

    /// An amount the site wrote (`"19.90"`, `"199000"`) in the currency's minor units, checked like a price.
    private static func minorUnits(_ amount: String?, currency: String?, market: String, field: String) throws -> Int64? {
        guard let amount else { return nil }
        guard let currency else { throw DeskError.invalid("\(field) needs the order's currency") }
        do {
            return try Price.parse(market: market, currency: currency, amount: amount).amountMinor
        } catch {
            throw DeskError.invalid("\(field): \(error.message)")
        }
    }
}
