import Foundation

/// A buyer's request after an order (to cancel it, return it, be refunded) as ShopDesk keeps it: the
/// platform's request, whether the seller must answer and by when, and what the seller decided here.
public struct AfterSale: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case cancellation
        case refund
        case returnAndRefund = "return_and_refund"
        case replacement
    }

    public enum Decision: String, Sendable, Hashable, Codable {
        case approved
        case rejected
    }

    public var channelAccountID: ChannelAccount.ID
    /// The platform's id of the request (TikTok `cancel_id` / `return_id`, Shopee `return_sn`, Lazada
    /// `reverse_order_id`).
    public var requestID: String
    /// ShopDesk's order.
    public var orderID: Order.ID
    public var kind: Kind
    public var platformStatus: String
    public var awaitingSeller: Bool
    public var respondBy: Date?
    public var reason: String?
    public var refundMinor: Int64?
    public var currency: String?
    /// The platform's ids of the request's lines, which its decide calls name.
    public var lineIDs: [String]
    public var platformUpdatedAt: Date?
    /// What the seller decided through ShopDesk, by whom and when.
    public var decision: Decision?
    public var decidedBy: String?
    public var decidedAt: Date?

    public init(
        channelAccountID: ChannelAccount.ID, requestID: String, orderID: Order.ID, kind: Kind, platformStatus: String, awaitingSeller: Bool,
        respondBy: Date? = nil, reason: String? = nil, refundMinor: Int64? = nil, currency: String? = nil, lineIDs: [String] = [],
        platformUpdatedAt: Date? = nil, decision: Decision? = nil, decidedBy: String? = nil, decidedAt: Date? = nil
    ) {
        self.channelAccountID = channelAccountID
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
        self.platformUpdatedAt = platformUpdatedAt
        self.decision = decision
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
    }
}
