import Foundation

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

/// A buyer's request after an order (to cancel it, return it, be refunded) as ShopDesk keeps it: the
/// platform's request, for which of ShopDesk's orders, and what the seller decided here. The request's
/// fields read through (`afterSale.kind`, `afterSale.awaitingSeller`).
@dynamicMemberLookup
public struct AfterSale: Sendable, Hashable {
    public typealias Kind = AfterSaleRequest.Kind

    public enum Decision: String, Sendable, Hashable, Codable {
        case approved
        case rejected
    }

    public var channelAccountID: ChannelAccount.ID
    /// ShopDesk's order.
    public var orderID: Order.ID
    /// The request as its platform last showed it (its `orderID` is the platform's, when known).
    public var request: AfterSaleRequest
    /// What the seller decided through ShopDesk, by whom and when.
    public var decision: Decision?
    public var decidedBy: String?
    public var decidedAt: Date?

    public init(
        channelAccountID: ChannelAccount.ID, orderID: Order.ID, request: AfterSaleRequest, decision: Decision? = nil, decidedBy: String? = nil,
        decidedAt: Date? = nil
    ) {
        self.channelAccountID = channelAccountID
        self.orderID = orderID
        self.request = request
        self.decision = decision
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
    }

    public subscript<Value>(dynamicMember path: WritableKeyPath<AfterSaleRequest, Value>) -> Value {
        get { self.request[keyPath: path] }
        set { self.request[keyPath: path] = newValue }
    }
}
