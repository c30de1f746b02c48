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
    /// `/orders/get?update_after=`. Each order once, with the latest change any source named. Empty for
    /// platforms whose orders ShopDesk does not read.
    public func changedOrders(
        since: Date, until: Date, account: ChannelAccount, credentials: ChannelCredentials
    ) async throws -> [ListedOrder] {
        let listed: [ListedOrder]
        switch account.platform {
        case .tiktokShop: listed = try await self.tiktokChangedOrders(since: since, until: until, credentials: credentials)
        case .shopee: listed = try await self.shopeeChangedOrders(since: since, until: until, credentials: credentials)
        case .lazada: listed = try await self.lazadaChangedOrders(since: since, until: until, account: account, credentials: credentials)
        case .facebook, .instagram, .whatsapp, .line, .custom: return []
        }
        var seen: [String: Int] = [:]
        var unique: [ListedOrder] = []
        for order in listed {
            if let index = seen[order.orderID] {
                unique[index].updatedAt = [unique[index].updatedAt, order.updatedAt].compactMap { $0 }.max()
            } else {
                seen[order.orderID] = unique.count
                unique.append(order)
            }
        }
        return unique
    }

    /// The reasons the platform accepts now for the seller cancelling this order.
    public func cancelReasons(for order: Order, account: ChannelAccount, credentials: ChannelCredentials) async throws -> [CancelReason] {
        switch account.platform {
        case .tiktokShop: return Self.tiktokCancelReasons(status: order.platformStatus)
        case .shopee: return Self.shopeeCancelReasons(order, market: account.market)
        case .lazada: return try await self.lazadaCancelReasons(order, account: account, credentials: credentials)
        case .facebook, .instagram, .whatsapp, .line, .custom: return []
        }
    }

    /// Cancels the order on its platform with one of `cancelReasons`; the same `idempotencyKey` may be
    /// sent again after a call in doubt. None of the three seller-cancel calls takes an idempotency key
    /// (§1.8, §2.7, §3.7), so a repeat relies on the order itself: when the platform refuses, the order
    /// is read back, and one the platform shows cancelled is the cancel that went through. Otherwise the
    /// refusal is thrown with the platform's words.
    public func cancel(
        _ order: Order, reason: String, idempotencyKey: String, account: ChannelAccount, credentials: ChannelCredentials
    ) async throws {
        do {
            switch account.platform {
            case .tiktokShop: try await self.tiktokCancel(order, reason: reason, credentials: credentials)
            case .shopee: try await self.shopeeCancel(order, reason: reason, credentials: credentials)
            case .lazada: try await self.lazadaCancel(order, reason: reason, account: account, credentials: credentials)
            case .facebook, .instagram, .whatsapp, .line, .custom:
                throw PlatformAPIError("\(account.platform.rawValue) orders cannot be cancelled through ShopDesk")
            }
        } catch let refusal as PlatformAPIError {
            guard PlatformAPIs.orderReader(for: account) != nil,
                let now = try? await self.orders([order.externalID], account: account, credentials: credentials).first,
                OrderLifecycle.status(platform: account.platform, platformStatus: now.platformStatus) == .cancelled
            else { throw refusal }
        }
    }
}
