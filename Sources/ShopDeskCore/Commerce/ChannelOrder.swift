import Foundation

/// An order placed on a marketplace as its order API shows it: which seller SKUs it took and how many,
/// where it stands, what the buyer pays, and its ship-by time. The platform took the units from its own count when the buyer ordered, so
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
        /// Shipped, then received back from the buyer: its units are on the shelf again.
        case returned
        /// Sold through ShopDesk's checkout: its units left the shelf when the reservation was committed.
        case checkout
    }

    /// One seller SKU of the order. The platforms that send a line per unit (TikTok Shop, Lazada) are
    /// added up, so each SKU is one line.
    public struct Line: Sendable, Hashable, Codable {
        public var sku: String
        public var quantity: Int64
        public var title: String?
        /// The price of one unit before discounts, in the order currency's minor units.
        public var unitPriceMinor: Int64?
        /// Discounts on the whole line (seller's and platform's), in minor units.
        public var discountMinor: Int64
        /// The listing's ids on the platform (TikTok `product_id`/`sku_id`, Shopee `item_id`/`model_id`,
        /// Lazada `product_id`/`sku_id`), which its cancel calls name.
        public var platformProductID: String?
        public var platformSKUID: String?
        /// The platform's ids of the order's lines for this SKU (TikTok line item ids, Shopee
        /// `order_item_id`, Lazada `order_item_id`: one per unit on TikTok Shop and Lazada).
        public var platformItemIDs: [String]

        public init(
            sku: String, quantity: Int64, title: String? = nil, unitPriceMinor: Int64? = nil, discountMinor: Int64 = 0,
            platformProductID: String? = nil, platformSKUID: String? = nil, platformItemIDs: [String] = []
        ) {
            self.sku = sku
            self.quantity = quantity
            self.title = title
            self.unitPriceMinor = unitPriceMinor
            self.discountMinor = discountMinor
            self.platformProductID = platformProductID
            self.platformSKUID = platformSKUID
            self.platformItemIDs = platformItemIDs
        }
    }

    public var channelAccountID: ChannelAccount.ID
    /// TikTok `order_id`, Shopee `order_sn`, Lazada `order_id` (unique per seller, commerce-platforms.md §3.3).
    public var orderID: String
    /// The platform's own status, as it sent it.
    public var platformStatus: String
    public var lines: [Line]
    /// ISO 4217, as the platform gave it.
    public var currency: String?
    /// What the buyer pays, in minor units.
    public var totalMinor: Int64?
    /// The platform's id of the buyer (TikTok `user_id`, Shopee `buyer_user_id`, Lazada `buyer_id`).
    public var buyerPlatformUserID: String?
    /// The shipping address as one line; stored masked like other personal data.
    public var shippingAddress: String?
    public var paymentMethod: String?
    /// Cash on delivery: the buyer pays the carrier (most SEA orders).
    public var cashOnDelivery = false
    public var carrier: String?
    public var trackingNumber: String?
    public var placedAt: Date?
    /// The platform's last change of the order: an older read never replaces a newer one.
    public var platformUpdatedAt: Date?
    /// The time to hand the parcel over by, as the platform counts late dispatch.
    public var shipBy: Date?
    /// When the platform cancels the order itself if it was not shipped.
    public var autoCancelAt: Date?
    /// When the parcel was handed over (what late dispatch is measured by).
    public var shippedAt: Date?

    public init(channelAccountID: ChannelAccount.ID, orderID: String, platformStatus: String, lines: [Line]) {
        self.channelAccountID = channelAccountID
        self.orderID = orderID
        self.platformStatus = platformStatus
        self.lines = Self.merged(lines)
    }

    /// Lines with each SKU once, in SKU order: units and discounts added up, the first price kept.
    public static func merged(_ lines: [Line]) -> [Line] {
        var bySKU: [String: Line] = [:]
        for line in lines where line.quantity > 0 {
            if var known = bySKU[line.sku] {
                known.quantity += line.quantity
                known.discountMinor += line.discountMinor
                known.title = known.title ?? line.title
                known.unitPriceMinor = known.unitPriceMinor ?? line.unitPriceMinor
                known.platformProductID = known.platformProductID ?? line.platformProductID
                known.platformSKUID = known.platformSKUID ?? line.platformSKUID
                known.platformItemIDs += line.platformItemIDs
                bySKU[line.sku] = known
            } else {
                bySKU[line.sku] = line
            }
        }
        return bySKU.keys.sorted().map { bySKU[$0]! }
    }

    /// What the platform's status means for stock, or nil for a status ShopDesk does not know (the
    /// order is then left as it was). A return moves nothing by itself: its units come back to the shelf
    /// when the seller has them in hand (`SQLStore.receiveReturn`), since no platform's order status says so.
    public static func stockState(platform: Platform, status: String) -> StockState? {
        switch OrderLifecycle.status(platform: platform, platformStatus: status) {
        case .awaitingPayment, .awaitingShipment, .readyToShip: .held
        case .shipped, .delivered, .completed, .returned, .refunded: .shipped
        case .cancelled: .cancelled
        case nil: nil
        }
    }
}
