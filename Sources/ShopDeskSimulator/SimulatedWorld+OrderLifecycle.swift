import Foundation
import ShopDeskCore

/// A seller cancel ShopDesk made through a marketplace's cancel API, as the platform took it.
public struct ReceivedCancel: Sendable, Hashable {
    public var channelAccountID: String
    public var orderID: String
    /// The reason as sent (TikTok reason name, Shopee enum, Lazada `reason_id`).
    public var reason: String
    public var at: Date
}

/// An order push Shopee recorded as lost (commerce-platforms.md §2.1), for `get_lost_push_message`.
struct LostPush: Sendable {
    var id: Int64
    var partnerID: String
    var shopID: String
    var code: Int
    var timestamp: Int
    var data: [String: String]
}

/// What becomes of one order push.
enum PushFate: Sendable {
    case deliver
    case drop
    case duplicate
    /// Held back and delivered after the next one.
    case reorder
}

/// The order side's state besides the orders themselves.
struct OrderState: Sendable {
    /// Share of order pushes dropped, duplicated or delivered out of order (a third each).
    var pushChaos: Double = 0
    var dropNext: [String: Int] = [:]
    var held: Push?
    var lost: [LostPush] = []
    var lastLostID: Int64 = 0
    var cancels: [ReceivedCancel] = []
    /// Orders the platform changed by itself (a seller cancel through the API) whose push is due.
    var pending: [(account: String, orderID: String)] = []
    /// Buyers made up for accounts nobody has chatted with yet, so their orders repeat buyers.
    var madeUpBuyers: [String: [String]] = [:]
    var sequence = 0
}

extension SimulatedWorld {
    // MARK: Placing

    func newOrder(_ quantity: Int64, of listing: SimulatedListing, account channelAccountID: String, at placed: Date) -> SimulatedOrder {
        self.orderState.sequence += 1
        let index = self.orderState.sequence
        let account = self.accounts[channelAccountID]
        let market = account?.market ?? "SG"
        let currency = SimulatedOrder.currency(market: market)
        let price = SimulatedOrder.unitPrice(sku: listing.sellerSKU, currency: currency)
        // Every fifth order is due within the hour, the rest in two days.
        let shipBy = placed.addingTimeInterval(index % 5 == 2 ? 40 * 60 : 2 * 24 * 3600)
        return SimulatedOrder(
            id: self.nextID(), channelAccountID: channelAccountID, productID: listing.productID, skuID: listing.skuID,
            sellerSKU: listing.sellerSKU, title: listing.title, quantity: quantity, at: placed,
            buyerID: self.orderBuyer(account: account, index: index), currency: currency, unitPriceMinor: price,
            unitDiscountMinor: index % 4 == 1 ? price / 10 : 0, shipBy: shipBy, autoCancelAt: shipBy.addingTimeInterval(24 * 3600),
            address: SimulatedOrder.address(market: market, index: index), cashOnDelivery: index % 3 == 0, updatedAt: placed
        )
    }

    /// One of the account's chat buyers, so a conversation's buyer has orders; without any, one of a few
    /// made-up buyers in the platform's id shape (BuyerTraffic's), kept so that they come back.
    private func orderBuyer(account: SimulatedAccount?, index: Int) -> String {
        guard let account else { return self.nextID() }
        let chatting = Set((self.conversations[account.channelAccountID] ?? [:]).values.map(\.buyerID)).sorted()
        if !chatting.isEmpty { return chatting[index % chatting.count] }
        var madeUp = self.orderState.madeUpBuyers[account.channelAccountID] ?? []
        if madeUp.count < 5 {
            let digits = String(self.nextID().suffix(18))
            let buyer =
                switch account.platform {
                case .tiktokShop: "7" + digits
                case .shopee: "1" + digits.suffix(8)
                default: "2" + digits.suffix(9)
                }
            madeUp.append(buyer)
            self.orderState.madeUpBuyers[account.channelAccountID] = madeUp
            return buyer
        }
        return madeUp[index % madeUp.count]
    }

    // MARK: Moving on

    /// Moves an order on to `stage` (its next one by default) at `at`: handed to the carrier it gets a
    /// tracking number and a carrier. Returns the order, or nil when it cannot move (cancelled, done,
    /// or already past `stage`).
    public func advance(
        _ orderID: String, account channelAccountID: String, to stage: SimulatedOrder.Stage? = nil, at: Date? = nil
    )
        -> SimulatedOrder?
    {
        guard var order = self.orders[channelAccountID]?[orderID], let target = stage ?? order.stage.next, target != .cancelled,
            target.rawValue > order.stage.rawValue
        else { return nil }
        let at = at ?? self.now()
        order.stage = target
        order.updatedAt = at
        if target.rawValue >= SimulatedOrder.Stage.shipped.rawValue, order.shippedAt == nil {
            order.shippedAt = at
            let platform = self.accounts[channelAccountID]?.platform ?? .lazada
            order.carrier = SimulatedOrder.carrier(platform: platform, market: self.accounts[channelAccountID]?.market ?? "SG")
            order.trackingNumber = (platform == .tiktokShop ? "JT" : platform == .shopee ? "SPX" : "LEX") + String(self.nextID().suffix(12))
        }
        self.orders[channelAccountID]?[orderID] = order
        return order
    }

    /// Gives an order another ship-by time (and the auto-cancel a day after it).
    public func setShipBy(_ orderID: String, account channelAccountID: String, to shipBy: Date) -> SimulatedOrder? {
        guard var order = self.orders[channelAccountID]?[orderID] else { return nil }
        order.shipBy = shipBy
        order.autoCancelAt = shipBy.addingTimeInterval(24 * 3600)
        self.orders[channelAccountID]?[orderID] = order
        return order
    }

    /// One step of time for every open order of the marketplaces: most wait, some move on, and now and
    /// then a buyer cancels one not yet packed. Returns the orders that changed.
    func stepOrders(using random: inout SplitMix64) -> [SimulatedOrder] {
        var changed: [SimulatedOrder] = []
        for account in self.orders.keys.sorted() {
            // An order whose buyer asked to cancel waits for the seller's answer.
            for order in self.orders(of: account) where order.stage.next != nil && !order.cancelRequested {
                let roll = Double.random(in: 0..<1, using: &random)
                if order.stage == .awaitingShipment, roll < 0.04 {
                    if let cancelled = self.cancelOrder(order.id, account: account, by: "buyer") { changed.append(cancelled) }
                } else if roll < 0.3, let moved = self.advance(order.id, account: account) {
                    changed.append(moved)
                }
            }
        }
        return changed
    }

    // MARK: Seller cancels

    /// ShopDesk cancelled an order through the platform's API: the units go back, the cancel is recorded,
    /// and the platform's push of the change is due (`Simulator.pushPendingOrderChanges`).
    func sellerCancel(_ orderID: String, account channelAccountID: String, reason: String) -> SimulatedOrder? {
        guard let order = self.cancelOrder(orderID, account: channelAccountID, by: "seller") else { return nil }
        self.orderState.cancels.append(ReceivedCancel(channelAccountID: channelAccountID, orderID: orderID, reason: reason, at: self.now()))
        self.orderState.pending.append((channelAccountID, orderID))
        return order
    }

    /// Seller cancels received, in order.
    public func receivedCancels(account channelAccountID: String? = nil) -> [ReceivedCancel] {
        self.orderState.cancels.filter { channelAccountID == nil || $0.channelAccountID == channelAccountID }
    }

    /// Orders whose change the platform has yet to push, taken off the list.
    func takePendingOrderPushes() -> [(account: String, orderID: String)] {
        defer { self.orderState.pending = [] }
        return self.orderState.pending
    }

    // MARK: Unreliable pushes

    /// Order pushes are dropped, duplicated or reordered at `rate` in all (a third each). Off by default.
    public func setOrderPushChaos(_ rate: Double) {
        self.orderState.pushChaos = min(max(rate, 0), 1)
    }

    /// The account's next `count` order pushes are dropped (on Shopee they go to the lost-push list).
    public func dropNextOrderPushes(_ count: Int = 1, account channelAccountID: String) {
        self.orderState.dropNext[channelAccountID, default: 0] += count
    }

    /// What becomes of the next order push to `channelAccountID`.
    func orderPushFate(account channelAccountID: String) -> PushFate {
        if let count = self.orderState.dropNext[channelAccountID], count > 0 {
            self.orderState.dropNext[channelAccountID] = count - 1
            return .drop
        }
        let rate = self.orderState.pushChaos
        guard rate > 0 else { return .deliver }
        let roll = Double.random(in: 0..<1)
        if roll < rate / 3 { return .drop }
        if roll < rate * 2 / 3 { return .duplicate }
        if roll < rate, self.orderState.held == nil { return .reorder }
        return .deliver
    }

    /// Keeps a push back to deliver after the next one; returns one held before, now due.
    func holdOrderPush(_ push: Push?) -> Push? {
        defer { self.orderState.held = push }
        return self.orderState.held
    }

    /// Records a dropped Shopee order push where `get_lost_push_message` finds it.
    func recordLostPush(_ order: SimulatedOrder, account: SimulatedAccount) {
        guard account.platform == .shopee else { return }
        self.orderState.lastLostID += 1
        self.orderState.lost.append(
            LostPush(
                id: self.orderState.lastLostID, partnerID: account.credentials["partner_id"] ?? "", shopID: account.shopID, code: 3,
                timestamp: Int(self.now().timeIntervalSince1970),
                data: [
                    "ordersn": order.id, "status": order.status(on: .shopee), "update_time": String(Int(order.updatedAt.timeIntervalSince1970)),
                ]))
    }
}
