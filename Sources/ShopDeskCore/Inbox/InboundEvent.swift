import Foundation

/// What a verified platform push means, once its platform's field names are left behind.
public enum InboundEvent: Sendable, Hashable {
    /// A buyer message, a comment, or the seller's side seen through the platform.
    case message(IncomingMessage)
    /// News about a message ShopDesk sent: delivered, read or failed on the platform.
    case delivery(DeliveryUpdate)
    /// An order changed status (kept for the commerce work that follows).
    case order(OrderEvent)
    /// A nudge that something changed in a conversation, without the messages: they must be fetched
    /// through the platform's API (TikTok Shop NEW_MESSAGE, Lazada IM session update).
    case fetchConversation(FetchRequest)
    /// A push ShopDesk does not use (yet); it is stored raw and acknowledged.
    case unrecognized(kind: String)
}

/// A platform's delivery or read receipt for a message ShopDesk sent.
public struct DeliveryUpdate: Sendable, Hashable {
    public var channelAccountID: ChannelAccount.ID
    public var platformMessageID: String
    public var status: Message.DeliveryStatus
    public var at: Date
    public var error: String?

    public init(channelAccountID: ChannelAccount.ID, platformMessageID: String, status: Message.DeliveryStatus, at: Date, error: String? = nil) {
        self.channelAccountID = channelAccountID
        self.platformMessageID = platformMessageID
        self.status = status
        self.at = at
        self.error = error
    }
}

/// An order status change pushed by a marketplace.
public struct OrderEvent: Sendable, Hashable {
    public var channelAccountID: ChannelAccount.ID
    public var orderID: String
    /// The platform's own status name (e.g. AWAITING_SHIPMENT, READY_TO_SHIP, pending).
    public var status: String
    public var at: Date

    public init(channelAccountID: ChannelAccount.ID, orderID: String, status: String, at: Date) {
        self.channelAccountID = channelAccountID
        self.orderID = orderID
        self.status = status
        self.at = at
    }

    /// The push is about a buyer's request after the order (a cancellation, return or refund), whose
    /// requests are then read with the order: TikTok Shop's cancellation and return statuses (§1.8),
    /// Lazada's reverse statuses (§3.2), Shopee's IN_CANCEL and TO_RETURN (§2.2).
    public var isAfterSale: Bool {
        let status = self.status.uppercased()
        let prefixes = ["CANCELLATION_", "RETURN_", "REFUND_", "REPLACEMENT_", "CANCEL_", "RTM_", "RTW_"]
        return status == "IN_CANCEL" || status == "TO_RETURN" || prefixes.contains { status.hasPrefix($0) }
    }
}

/// A conversation whose new messages must be pulled through the platform's API.
public struct FetchRequest: Sendable, Hashable {
    public var channelAccountID: ChannelAccount.ID
    public var conversationExternalID: String

    public init(channelAccountID: ChannelAccount.ID, conversationExternalID: String) {
        self.channelAccountID = channelAccountID
        self.conversationExternalID = conversationExternalID
    }
}
