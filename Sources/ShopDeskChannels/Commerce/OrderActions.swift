import Foundation
import ShopDeskCore

/// An order a platform's order list names as changed (reconciliation: orders whose pushes never came).
public struct ListedOrder: Sendable, Hashable {
    public var orderID: String
    /// The platform's last change of it, when the list says.
    public var updatedAt: Date?

    public init(orderID: String, updatedAt: Date?) {
        self.orderID = orderID
        self.updatedAt = updatedAt
    }
}

/// A reason the platform accepts for a seller's cancellation of one order in its current status.
public struct CancelReason: Sendable, Hashable, Codable {
    /// What the platform's cancel call takes (TikTok reason name, Shopee enum, Lazada `reason_id`).
    public var code: String
    /// As the platform names it.
    public var name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}

extension PlatformClient {
    /// Orders the platform changed in `[since, until)`: TikTok Shop's order search by `update_time`,
    /// Shopee's `get_order_list` by `update_time` (≤ 15-day windows) and its lost pushes, Lazada's
    /// `/orders/get?update_after=`. Empty for platforms whose orders ShopDesk does not read.
    public func changedOrders(
        since: Date, until: Date, account: ChannelAccount, credentials: ChannelCredentials
    ) async throws -> [ListedOrder] {
        throw PlatformAPIError("reading changed orders is not built yet")
    }

    /// The reasons the platform accepts now for the seller cancelling this order.
    public func cancelReasons(for order: Order, account: ChannelAccount, credentials: ChannelCredentials) async throws -> [CancelReason] {
        throw PlatformAPIError("reading cancel reasons is not built yet")
    }

    /// Cancels the order on its platform with one of `cancelReasons`; the same `idempotencyKey` may be
    /// sent again after a call in doubt.
    public func cancel(
        _ order: Order, reason: String, idempotencyKey: String, account: ChannelAccount, credentials: ChannelCredentials
    ) async throws {
        throw PlatformAPIError("cancelling orders is not built yet")
    }
}
