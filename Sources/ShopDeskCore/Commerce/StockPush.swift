import Foundation

/// One listing's stock as ShopDesk sends it to the platform: the listing's sellable quantity now, and,
/// for a platform that takes changes rather than totals (Lazada's sellable-quantity adjust,
/// commerce-platforms.md §3.4 and §6.4), how far that is from the count ShopDesk last brought it to.
public struct StockUpdate: Sendable, Hashable {
    public var channelAccountID: ChannelAccount.ID
    public var sku: String
    public var platformProductID: String
    public var platformSKUID: String
    /// The listing's sellable quantity (the absolute value).
    public var quantity: Int64
    /// `quantity` less the platform's count as ShopDesk last left it, when that is known and the
    /// platform takes deltas; nil means send the absolute value.
    public var delta: Int64?

    public init(
        channelAccountID: ChannelAccount.ID, sku: String, platformProductID: String, platformSKUID: String, quantity: Int64, delta: Int64?
    ) {
        self.channelAccountID = channelAccountID
        self.sku = sku
        self.platformProductID = platformProductID
        self.platformSKUID = platformSKUID
        self.quantity = quantity
        self.delta = delta
    }
}

/// What a platform answered for one listing's stock update.
public enum StockPushResult: Sendable, Hashable {
    /// The platform took it; its own count is now `quantity` (ShopDesk's value when the platform's
    /// answer does not say).
    case acknowledged(quantity: Int64)
    /// Throttled, a fault on the platform's side, or no answer: try again, not before `after`.
    case retry(reason: String, after: Duration?)
    /// The platform refused this value; trying again will not help until something changes.
    case rejected(reason: String)
}

/// A listing's push as the seller sees it: what ShopDesk wants the platform to show, what the platform
/// last acknowledged, and whether a push is waiting or failing.
public struct ListingPushState: Sendable, Hashable {
    public var acknowledged: Int64?
    public var acknowledgedAt: Date?
    /// Since when a change has waited to reach the platform (nil when it is up to date).
    public var pendingSince: Date?
    /// The platform's last refusal or the reason of the last failed attempt.
    public var error: String?

    public init(acknowledged: Int64?, acknowledgedAt: Date?, pendingSince: Date?, error: String?) {
        self.acknowledged = acknowledged
        self.acknowledgedAt = acknowledgedAt
        self.pendingSince = pendingSince
        self.error = error
    }

    /// Where a listing's push stands.
    public enum Status: String, Sendable, Hashable {
        /// The platform acknowledged the current value.
        case synced
        /// A change is on its way.
        case pending
        /// The last attempt was refused, or is being retried (`error` says why).
        case failing
        /// The platform has no stock API.
        case notPushed = "not_pushed"
    }

    /// The push's status, for a platform that takes stock updates (`pushable`) or not.
    public func status(pushable: Bool) -> Status {
        if !pushable { return .notPushed }
        if self.error != nil { return .failing }
        return self.pendingSince == nil ? .synced : .pending
    }

    /// A push waiting for longer than `threshold` (or failing): the page shows it as stale.
    public func isStale(now: Date, threshold: TimeInterval = 60) -> Bool {
        if self.error != nil { return true }
        guard let pendingSince else { return false }
        return now.timeIntervalSince(pendingSince) > threshold
    }
}

/// How much of a SKU is left to sell, for the low-stock alerts.
public enum StockLevel: String, Sendable, Hashable, Codable, Comparable {
    case out, low, ok

    /// `available` against the SKU's threshold: none left is out, at or below the threshold is low.
    public init(available: Int64, threshold: Int64) {
        self = available <= 0 ? .out : (available <= threshold ? .low : .ok)
    }

    public static func < (lhs: StockLevel, rhs: StockLevel) -> Bool {
        let order: [StockLevel] = [.out, .low, .ok]
        return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
    }
}

/// What the seller's systems are told of a SKU's stock: `stock.changed` whenever it moved, and
/// `stock.low` / `stock.out` when it first reaches that level.
public struct StockNotice: Sendable, Hashable {
    public var workspaceID: Workspace.ID
    public var sku: String
    public var balance: StockBalance
    public var threshold: Int64
    public var previous: StockLevel
    public var at: Date

    public init(workspaceID: Workspace.ID, sku: String, balance: StockBalance, threshold: Int64, previous: StockLevel, at: Date) {
        self.workspaceID = workspaceID
        self.sku = sku
        self.balance = balance
        self.threshold = threshold
        self.previous = previous
        self.at = at
    }

    public var level: StockLevel { StockLevel(available: self.balance.available, threshold: self.threshold) }

    /// The event types to send, in order.
    public var events: [String] {
        let level = self.level
        return ["stock.changed"] + (level != self.previous && level != .ok ? ["stock.\(level.rawValue)"] : [])
    }
}
