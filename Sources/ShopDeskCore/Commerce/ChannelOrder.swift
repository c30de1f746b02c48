import Foundation

/// An order placed on a marketplace, as far as stock cares: which seller SKUs it took and how many,
/// and where it stands. The platform took the units from its own count when the buyer ordered, so
/// ShopDesk's ledger holds them from then on (and every other channel is pushed the lower number),
/// lets them leave when the order ships, and gives them back when it is cancelled.
public struct ChannelOrder: Sendable, Hashable {
    /// Where an order stands for stock.
    public enum StockState: String, Sendable, Hashable, Codable {
        /// Placed, not shipped: its units are held.
        case held
        /// Handed to the carrier (or further): its units left the shelf.
        case shipped
        /// Cancelled before shipping: its units are back.
        case cancelled
    }

    public var channelAccountID: ChannelAccount.ID
    /// TikTok `order_id`, Shopee `order_sn`, Lazada `order_id` (unique per seller, commerce-platforms.md §3.3).
    public var orderID: String
    /// The platform's own status, as it sent it.
    public var platformStatus: String
    /// Seller SKUs and units; the platforms that send a line per unit (TikTok Shop, Lazada) are added up.
    public var lines: [Reservation.Line]

    public init(channelAccountID: ChannelAccount.ID, orderID: String, platformStatus: String, lines: [Reservation.Line]) {
        self.channelAccountID = channelAccountID
        self.orderID = orderID
        self.platformStatus = platformStatus
        self.lines = Self.merged(lines)
    }

    /// Lines with each SKU once, in SKU order.
    public static func merged(_ lines: [Reservation.Line]) -> [Reservation.Line] {
        var units: [String: Int64] = [:]
        for line in lines where line.quantity > 0 { units[line.sku, default: 0] += line.quantity }
        return units.keys.sorted().map { Reservation.Line(sku: $0, quantity: units[$0]!) }
    }

    /// What the platform's status means for stock, or nil for a status ShopDesk does not know (the
    /// order is then left as it was). Sources: TikTok Shop §1.3 (both `CANCEL` and `CANCELLED` are
    /// sent), Shopee §2.2, Lazada §3.3 (an order is held while any of its items is, shipped while any is,
    /// cancelled when all are).
    public static func stockState(platform: Platform, status: String) -> StockState? {
        switch platform {
        case .tiktokShop:
            switch status.uppercased() {
            case "UNPAID", "ON_HOLD", "AWAITING_SHIPMENT", "PARTIALLY_SHIPPING", "AWAITING_COLLECTION": return .held
            case "IN_TRANSIT", "DELIVERED", "COMPLETED": return .shipped
            case "CANCEL", "CANCELLED": return .cancelled
            default: return nil
            }
        case .shopee:
            switch status.uppercased() {
            // IN_CANCEL may still end in a shipment; the units stay held until it is decided.
            case "UNPAID", "PENDING", "INVOICE_PENDING", "READY_TO_SHIP", "PROCESSED", "RETRY_SHIP", "IN_CANCEL": return .held
            case "SHIPPED", "TO_CONFIRM_RECEIVE", "COMPLETED", "TO_RETURN": return .shipped
            case "CANCELLED": return .cancelled
            default: return nil
            }
        case .lazada:
            // Lazada's status is per item; the order's is its items' statuses, comma-joined.
            let states = status.split(separator: ",").compactMap { Self.lazadaItemState(String($0)) }
            if states.contains(.held) { return .held }
            if states.contains(.shipped) { return .shipped }
            return states.isEmpty ? nil : .cancelled
        case .facebook, .instagram, .whatsapp, .line, .custom:
            return nil
        }
    }

    /// One Lazada item's status for stock.
    static func lazadaItemState(_ status: String) -> StockState? {
        switch status.trimmingCharacters(in: .whitespaces).lowercased() {
        case "unpaid", "pending", "topack", "packed", "repacked", "toship", "ready_to_ship": .held
        case "shipping", "shipped", "delivered", "failed", "returned", "lost": .shipped
        case "canceled", "cancelled": .cancelled
        default: nil
        }
    }
}
