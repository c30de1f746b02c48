import Foundation

/// Each platform's order statuses mapped to ShopDesk's one lifecycle (commerce-platforms.md §1.3, §2.2,
/// §3.3). A status ShopDesk does not know maps to nil: the order keeps the status it had, and the
/// platform's own word is still shown beside it.
public enum OrderLifecycle {
    public static func status(platform: Platform, platformStatus: String) -> Order.Status? {
        switch platform {
        case .tiktokShop: Self.tiktokShop[platformStatus.uppercased()]
        case .shopee: Self.shopee[platformStatus.uppercased()]
        case .lazada: Self.lazada(platformStatus)
        case .facebook, .instagram, .whatsapp, .line, .custom: Self.own[platformStatus.lowercased()]
        }
    }

    /// TikTok Shop §1.3. The webhook doc spells the cancelled status `CANCEL`, the order API `CANCELLED`:
    /// both are taken. ON_HOLD is paid and must not be fulfilled yet (the buyer may still cancel), and
    /// PARTIALLY_SHIPPING still has items to send: both stay on the dispatch queue, the safe reading.
    public static let tiktokShop: [String: Order.Status] = [
        "UNPAID": .awaitingPayment, "ON_HOLD": .awaitingShipment, "AWAITING_SHIPMENT": .awaitingShipment,
        "PARTIALLY_SHIPPING": .awaitingShipment, "AWAITING_COLLECTION": .readyToShip, "IN_TRANSIT": .shipped, "DELIVERED": .delivered,
        "COMPLETED": .completed, "CANCEL": .cancelled, "CANCELLED": .cancelled,
    ]

    /// Shopee §2.2. PENDING (with `pending_terms`) and INVOICE_PENDING come before READY_TO_SHIP; IN_CANCEL
    /// may still end in a shipment, so it stays on the dispatch queue until decided. TO_RETURN is the
    /// buyer's return in progress.
    public static let shopee: [String: Order.Status] = [
        "UNPAID": .awaitingPayment, "PENDING": .awaitingShipment, "INVOICE_PENDING": .awaitingShipment, "READY_TO_SHIP": .awaitingShipment,
        "IN_CANCEL": .awaitingShipment, "PROCESSED": .readyToShip, "RETRY_SHIP": .readyToShip, "SHIPPED": .shipped,
        "TO_CONFIRM_RECEIVE": .delivered, "COMPLETED": .completed, "CANCELLED": .cancelled, "TO_RETURN": .returned,
    ]

    /// Lazada §3.3, per item. A failed delivery goes back to the seller (returned); a parcel the carrier
    /// lost has left the shelf (shipped).
    public static let lazadaItem: [String: Order.Status] = [
        "unpaid": .awaitingPayment, "pending": .awaitingShipment, "topack": .awaitingShipment, "packed": .awaitingShipment,
        "repacked": .awaitingShipment, "ready_to_ship": .readyToShip, "toship": .readyToShip, "shipping": .shipped, "shipped": .shipped,
        "lost": .shipped, "delivered": .delivered, "failed": .returned, "returned": .returned, "canceled": .cancelled, "cancelled": .cancelled,
    ]

    /// The seller's own site and the social shops: ShopDesk's own names.
    static let own: [String: Order.Status] = Dictionary(uniqueKeysWithValues: Order.Status.allCases.map { ($0.rawValue, $0) })

    /// Lazada has no order-level status: its items' statuses come comma-joined. The order is where its
    /// least advanced item is (it awaits shipment while any item does); cancelled only when every item is.
    static func lazada(_ statuses: String) -> Order.Status? {
        let items = statuses.split(separator: ",").compactMap { Self.lazadaItem[$0.trimmingCharacters(in: .whitespaces).lowercased()] }
        guard !items.isEmpty else { return nil }
        return items.filter { $0 != .cancelled }.min { $0.rank < $1.rank } ?? .cancelled
    }

    /// The status an order moves to when its platform now says `mapped`: after-sales outcomes recorded
    /// in ShopDesk (a return received, a refund) are kept while the platform still shows the order on
    /// its way or done.
    public static func next(current: Order.Status?, mapped: Order.Status?) -> Order.Status? {
        guard let mapped else { return current }
        if let current, current.isAfterSale, [.shipped, .delivered, .completed].contains(mapped) { return current }
        return mapped
    }
}

/// The late-dispatch rate as TikTok Shop defines LDR (commerce-platforms.md §1.9): orders dispatched
/// after their ship-by time ÷ all orders dispatched in the period, by the time they were dispatched.
/// Orders without a ship-by time count in the denominator only (as FBT orders do in TikTok's).
public struct LateDispatchRate: Sendable, Hashable {
    public var late: Int
    public var dispatched: Int
    /// nil when nothing was dispatched in the period.
    public var rate: Double? { self.dispatched == 0 ? nil : Double(self.late) / Double(self.dispatched) }

    public init(late: Int, dispatched: Int) {
        self.late = late
        self.dispatched = dispatched
    }

    /// Over the orders dispatched in `[from, to)`.
    public init(orders: some Sequence<(shipBy: Date?, shippedAt: Date?)>, from: Date, to: Date) {
        var late = 0
        var dispatched = 0
        for order in orders {
            guard let shippedAt = order.shippedAt, shippedAt >= from, shippedAt < to else { continue }
            dispatched += 1
            if let shipBy = order.shipBy, shippedAt > shipBy { late += 1 }
        }
        self.init(late: late, dispatched: dispatched)
    }
}

/// When an order waiting to be dispatched is warned about: 12 hours and 2 hours before its ship-by time
/// (Lazada's order overview turns yellow with 12 hours left and red in the last 2, commerce-platforms.md
/// §3.8; the same steps serve every platform), then at the breach.
public enum DispatchAlerts {
    public static let leads: [TimeInterval] = [12 * 3600, 2 * 3600, 0]

    /// `dispatch_warning` before the ship-by time, `dispatch_breached` at it.
    public static func kind(lead: TimeInterval) -> String { lead > 0 ? "dispatch_warning" : "dispatch_breached" }

    /// The next alert of an order that has had `fired` of them, or nil when none is left (or the order
    /// no longer waits for dispatch).
    public static func next(shipBy: Date?, status: Order.Status, fired: Int) -> Date? {
        guard let shipBy, status.awaitsDispatch, fired < Self.leads.count else { return nil }
        return shipBy.addingTimeInterval(-Self.leads[fired])
    }

    /// The alert due at `now` for an order that has had `fired`: the latest step already reached (the
    /// earlier ones it skips over are no longer news), and how many have then fired.
    public static func due(shipBy: Date, fired: Int, now: Date) -> (lead: TimeInterval, fired: Int)? {
        var step: Int?
        for index in fired..<Self.leads.count where shipBy.addingTimeInterval(-Self.leads[index]) <= now { step = index }
        return step.map { (Self.leads[$0], $0 + 1) }
    }
}
