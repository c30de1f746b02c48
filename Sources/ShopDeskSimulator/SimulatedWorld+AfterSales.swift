import Foundation
import ShopDeskCore

/// A buyer's request after an order on a simulated marketplace: to cancel it before it ships, or to be
/// refunded (with or without sending it back) after delivery.
public struct SimulatedAfterSale: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case cancellation
        case refund
        case returnAndRefund = "return_and_refund"
    }

    /// TikTok `cancel_id` / `return_id`, Shopee `return_sn` (the `order_sn` for a cancel request),
    /// Lazada `reverse_order_id`.
    public var id: String
    public var channelAccountID: String
    public var orderID: String
    public var kind: Kind
    /// The platform's own status of it (`AfterSaleStatus`).
    public var status: String
    public var openedAt: Date
    public var updatedAt: Date
    /// When the seller must have answered.
    public var respondBy: Date
    public var refundMinor: Int64
    public var currency: String
    /// The buyer's reason, in the platform's words.
    public var reason: String
    /// Lazada's `reverse_order_line_id`s, one per unit.
    public var lineIDs: [String]
    /// Nil while the seller has not answered; then whether they approved.
    public var approved: Bool?
}

/// A seller's answer to an after-sale request, as the platform took it.
public struct ReceivedAfterSaleDecision: Sendable, Hashable {
    public var channelAccountID: String
    public var requestID: String
    public var orderID: String
    public var approve: Bool
    /// The rejection reason as sent (TikTok reason name, Shopee `dispute_reason_id`, Lazada `reason_id`).
    public var reason: String?
    public var at: Date
}

/// The after-sale side's state.
struct AfterSaleState: Sendable {
    var requests: [String: [String: SimulatedAfterSale]] = [:]
    var decisions: [ReceivedAfterSaleDecision] = []
    /// TikTok idempotency keys already answered, by account and request.
    var keys: [String: String] = [:]
    /// Requests the platform changed (a seller's answer) whose push is due.
    var pending: [(account: String, requestID: String)] = []
}

/// Each platform's words for a request's states (commerce-platforms.md §1.8, §2.7, §3.2).
enum AfterSaleStatus {
    static func open(_ kind: SimulatedAfterSale.Kind, on platform: Platform) -> String {
        switch (platform, kind) {
        case (.tiktokShop, .cancellation): "CANCELLATION_REQUEST_PENDING"
        case (.tiktokShop, _): "RETURN_OR_REFUND_REQUEST_PENDING"
        case (.shopee, .cancellation): "IN_CANCEL"
        case (.shopee, _): "REQUESTED"
        case (_, .cancellation): "CANCEL_INIT"
        case (_, .refund): "REFUND_INIT"
        case (_, .returnAndRefund): "RTM_INIT"
        }
    }

    /// The status after the seller's answer. Lazada pushes no state for a refused cancel or return to
    /// the merchant (§3.2 lists only RTW_REJECT), so `CANCEL_REJECTED` and `RTM_REJECT` are the
    /// simulator's own, in the same pattern.
    static func decided(_ kind: SimulatedAfterSale.Kind, approve: Bool, on platform: Platform) -> String {
        switch (platform, kind, approve) {
        case (.tiktokShop, .cancellation, true): "CANCELLATION_REQUEST_COMPLETE"
        case (.tiktokShop, .cancellation, false): "CANCELLATION_REQUEST_CANCEL"
        case (.tiktokShop, .refund, true): "RETURN_OR_REFUND_REQUEST_COMPLETE"
        case (.tiktokShop, .returnAndRefund, true): "AWAITING_BUYER_SHIP"
        case (.tiktokShop, _, false): "REFUND_OR_RETURN_REQUEST_REJECT"
        case (.shopee, .cancellation, true): "CANCELLED"
        case (.shopee, .cancellation, false): "READY_TO_SHIP"
        case (.shopee, _, true): "ACCEPTED"
        case (.shopee, _, false): "SELLER_DISPUTE"
        case (_, .cancellation, true): "CANCEL_SUCCESS"
        case (_, .cancellation, false): "CANCEL_REJECTED"
        case (_, .refund, true): "REFUND_SUCCESS"
        case (_, .refund, false): "REFUND_REJECTED"
        case (_, .returnAndRefund, true): "RTM_SHIPPING_BACK"
        case (_, .returnAndRefund, false): "RTM_REJECT"
        }
    }
}

extension SimulatedWorld {
    /// The buyer of an order opens a request: a cancellation while the order is not yet handed to the
    /// carrier, a refund or a return once delivered (or completed). One open request per order. Returns
    /// the request, or nil when the order cannot have one now.
    public func openAfterSale(_ kind: SimulatedAfterSale.Kind, orderID: String, account channelAccountID: String) -> SimulatedAfterSale? {
        guard var order = self.orders[channelAccountID]?[orderID], let platform = self.accounts[channelAccountID]?.platform,
            !order.cancelled, !order.returned,
            !(self.afterSaleState.requests[channelAccountID] ?? [:]).values.contains(where: { $0.orderID == orderID && $0.approved == nil })
        else { return nil }
        let afterDelivery = order.stage == .delivered || order.stage == .completed
        guard kind == .cancellation ? order.stage.beforeShipping : afterDelivery else { return nil }
        let now = self.now()
        let id = platform == .shopee && kind == .cancellation ? order.id : self.nextID()
        let reasons: [SimulatedAfterSale.Kind: String] = [
            .cancellation: "No longer needed", .refund: "Item not received", .returnAndRefund: "Wrong size",
        ]
        let request = SimulatedAfterSale(
            id: id, channelAccountID: channelAccountID, orderID: orderID, kind: kind, status: AfterSaleStatus.open(kind, on: platform),
            openedAt: now, updatedAt: now, respondBy: now.addingTimeInterval(48 * 3600), refundMinor: order.totalMinor, currency: order.currency,
            reason: reasons[kind] ?? "Other", lineIDs: (0..<order.quantity).map { "\(id)\($0)" }, approved: nil)
        self.afterSaleState.requests[channelAccountID, default: [:]][id] = request
        if kind == .cancellation { order.cancelRequested = true } else { order.returnRequested = true }
        order.updatedAt = max(now, order.updatedAt)
        self.orders[channelAccountID]?[orderID] = order
        return request
    }

    /// A request by its id.
    public func afterSale(_ id: String, account channelAccountID: String) -> SimulatedAfterSale? {
        self.afterSaleState.requests[channelAccountID]?[id]
    }

    /// Every request of an account, oldest first.
    public func afterSales(of channelAccountID: String) -> [SimulatedAfterSale] {
        (self.afterSaleState.requests[channelAccountID] ?? [:]).values.sorted { ($0.openedAt, $0.id) < ($1.openedAt, $1.id) }
    }

    /// The seller's answers the platforms took, in order.
    public func receivedAfterSaleDecisions(account channelAccountID: String? = nil) -> [ReceivedAfterSaleDecision] {
        self.afterSaleState.decisions.filter { channelAccountID == nil || $0.channelAccountID == channelAccountID }
    }

    /// The seller answered: the request is closed, and the order moves: an approved cancel cancels it
    /// and puts the units back, an approved return or refund marks it returned, a rejection leaves it on
    /// its way. The platform's pushes of both are due (`Simulator.pushPendingAfterSaleChanges`).
    func decideAfterSale(_ id: String, account channelAccountID: String, approve: Bool, reason: String?) -> SimulatedAfterSale? {
        guard var request = self.afterSaleState.requests[channelAccountID]?[id], request.approved == nil,
            let platform = self.accounts[channelAccountID]?.platform
        else { return nil }
        let now = self.now()
        request.approved = approve
        request.status = AfterSaleStatus.decided(request.kind, approve: approve, on: platform)
        request.updatedAt = now
        self.afterSaleState.requests[channelAccountID]?[id] = request
        self.afterSaleState.decisions.append(
            ReceivedAfterSaleDecision(
                channelAccountID: channelAccountID, requestID: id, orderID: request.orderID, approve: approve, reason: reason, at: now))
        if var order = self.orders[channelAccountID]?[request.orderID] {
            order.cancelRequested = false
            order.returnRequested = false
            order.returned = request.kind != .cancellation && approve
            order.updatedAt = max(now, order.updatedAt)
            self.orders[channelAccountID]?[request.orderID] = order
            if request.kind == .cancellation, approve {
                _ = self.cancelOrder(request.orderID, account: channelAccountID, by: "buyer")
            }
        }
        self.afterSaleState.pending.append((channelAccountID, id))
        self.orderState.pending.append((channelAccountID, request.orderID))
        return request
    }

    /// Requests whose change the platform has yet to push, taken off the list.
    func takePendingAfterSalePushes() -> [(account: String, requestID: String)] {
        defer { self.afterSaleState.pending = [] }
        return self.afterSaleState.pending
    }

    /// The shop's late shipments as the platforms count them: of the orders handed to the carrier, the
    /// share handed over after their ship-by time; 0 with none shipped.
    public func lateShipmentRate(account channelAccountID: String) -> Double {
        let shipped = self.orders(of: channelAccountID).filter { $0.shippedAt != nil }
        guard !shipped.isEmpty else { return 0 }
        let late = shipped.filter { ($0.shippedAt ?? .distantPast) > $0.shipBy }
        return Double(late.count) / Double(shipped.count)
    }

    /// A request still open on one of the account's orders, picked by `random` for the demo; nil when
    /// no order can have one.
    func randomAfterSaleCandidate(account channelAccountID: String, using random: inout SplitMix64) -> (SimulatedOrder, SimulatedAfterSale.Kind)? {
        let open = Set(self.afterSales(of: channelAccountID).filter { $0.approved == nil }.map(\.orderID))
        let candidates = self.orders(of: channelAccountID).filter {
            !$0.cancelled && !$0.returned && !open.contains($0.id) && ($0.stage.beforeShipping || $0.stage == .delivered)
        }
        guard let order = candidates.randomElement(using: &random) else { return nil }
        let kind: SimulatedAfterSale.Kind =
            order.stage.beforeShipping ? .cancellation : (Bool.random(using: &random) ? .refund : .returnAndRefund)
        return (order, kind)
    }
}
