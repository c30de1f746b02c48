import Foundation
import ShopDeskCore

/// A buyer's request after an order: to cancel it, to return it, to be refunded (commerce-platforms.md
/// §1.8 TikTok Shop cancellations and returns, §2.7 Shopee returns, §3.7 Lazada reverse orders).
public struct AfterSaleRequest: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case cancellation
        case refund
        case returnAndRefund = "return_and_refund"
        case replacement
    }

    /// TikTok `cancel_id` / `return_id`, Shopee `return_sn`, Lazada `reverse_order_id`.
    public var requestID: String
    /// The platform's order id.
    public var orderID: String
    public var kind: Kind
    /// The platform's own status of the request.
    public var platformStatus: String
    /// Whether the seller must answer now (approve or reject).
    public var awaitingSeller: Bool
    /// The seller's deadline to answer, when the platform gives one.
    public var respondBy: Date?
    /// The buyer's reason, as the platform words it.
    public var reason: String?
    /// The refund asked for, in minor units of `currency`.
    public var refundMinor: Int64?
    public var currency: String?
    /// The platform's ids of the request's lines (Lazada `reverse_order_line_id`s), which its decide calls name.
    public var lineIDs: [String]
    public var updatedAt: Date?

    public init(
        requestID: String, orderID: String, kind: Kind, platformStatus: String, awaitingSeller: Bool, respondBy: Date? = nil,
        reason: String? = nil, refundMinor: Int64? = nil, currency: String? = nil, lineIDs: [String] = [], updatedAt: Date? = nil
    ) {
        self.requestID = requestID
        self.orderID = orderID
        self.kind = kind
        self.platformStatus = platformStatus
        self.awaitingSeller = awaitingSeller
        self.respondBy = respondBy
        self.reason = reason
        self.refundMinor = refundMinor
        self.currency = currency
        self.lineIDs = lineIDs
        self.updatedAt = updatedAt
    }
}

/// A shop's late-shipment figure as its platform computes it, where its API gives one (Shopee's Late
/// Shipment Rate, Lazada's ship-on-time), to show beside ShopDesk's own.
public struct PlatformLateShipment: Sendable, Hashable {
    /// Orders shipped late ÷ orders, 0…1.
    public var rate: Double
    /// The platform's target for it (the rate must stay below), 0…1, when it gives one.
    public var target: Double?
    /// The platform's words for the period it covers (e.g. "last 7 days").
    public var period: String?

    public init(rate: Double, target: Double? = nil, period: String? = nil) {
        self.rate = rate
        self.target = target
        self.period = period
    }
}

extension PlatformClient {
    /// The order's after-sale requests on its platform (every status).
    public func afterSaleRequests(for order: Order, account: ChannelAccount, credentials: ChannelCredentials) async throws -> [AfterSaleRequest] {
        throw PlatformAPIError("reading after-sale requests is not built yet")
    }

    /// The reasons the platform takes for the seller rejecting this request (empty when it takes none).
    public func rejectReasons(
        for request: AfterSaleRequest, order: Order, account: ChannelAccount, credentials: ChannelCredentials
    ) async throws -> [CancelReason] {
        throw PlatformAPIError("reading reject reasons is not built yet")
    }

    /// Approves or rejects a buyer's request on its platform; a rejection names one of `rejectReasons`.
    /// The same `idempotencyKey` may be sent again after a call in doubt.
    public func decide(
        _ request: AfterSaleRequest, approve: Bool, reason: String?, comment: String?, idempotencyKey: String, order: Order,
        account: ChannelAccount, credentials: ChannelCredentials
    ) async throws {
        throw PlatformAPIError("deciding after-sale requests is not built yet")
    }

    /// The shop's late-shipment figure from its platform, or nil where no API gives one (TikTok Shop).
    public func platformLateShipment(account: ChannelAccount, credentials: ChannelCredentials) async throws -> PlatformLateShipment? {
        throw PlatformAPIError("reading shop performance is not built yet")
    }
}
