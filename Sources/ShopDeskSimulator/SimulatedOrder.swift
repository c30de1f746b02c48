import Foundation
import ShopDeskCore

/// An order a simulated buyer placed on a marketplace: one listing, some units, what the buyer pays,
/// where it goes, and where it stands on its way.
public struct SimulatedOrder: Sendable, Hashable {
    /// Where the order is, in the simulator's words; `status(on:)` writes it as each platform does.
    public enum Stage: Int, Sendable, Hashable, CaseIterable {
        case awaitingShipment
        /// Packed, shipment arranged, waiting for the carrier.
        case readyToShip
        /// Collected by the carrier.
        case shipped
        case delivered
        case completed
        case cancelled

        /// The stage an order moves to next, nil at the end of the road.
        public var next: Stage? {
            switch self {
            case .awaitingShipment: .readyToShip
            case .readyToShip: .shipped
            case .shipped: .delivered
            case .delivered: .completed
            case .completed, .cancelled: nil
            }
        }

        /// Not handed to the carrier yet: the seller may still cancel.
        public var beforeShipping: Bool { self == .awaitingShipment || self == .readyToShip }
    }

    public var id: String
    public var channelAccountID: String
    public var productID: String
    public var skuID: String
    public var sellerSKU: String
    public var title: String
    public var quantity: Int64
    /// When the buyer placed it.
    public var at: Date
    public var stage = Stage.awaitingShipment
    /// "buyer" or "seller" once cancelled.
    public var cancelledBy: String?
    /// The buyer's platform user id: one of the account's chat buyers when it has any.
    public var buyerID: String
    /// ISO 4217, the market's.
    public var currency: String
    /// One unit's price and the discount on it, in minor units.
    public var unitPriceMinor: Int64
    public var unitDiscountMinor: Int64
    public var shipBy: Date
    /// When the platform cancels the order if it is not ready to ship (TikTok `shipping_due_time`).
    public var autoCancelAt: Date
    public var shippedAt: Date?
    public var trackingNumber: String?
    public var carrier: String?
    public var address: String
    public var cashOnDelivery: Bool
    public var updatedAt: Date
    /// A buyer's cancel request waits for the seller (Shopee shows the order IN_CANCEL).
    public var cancelRequested = false
    /// A buyer's return or refund request is open (Shopee shows the order TO_RETURN).
    public var returnRequested = false
    /// A return or refund the seller approved (Shopee keeps TO_RETURN, Lazada's items are `returned`).
    public var returned = false

    public var cancelled: Bool {
        get { self.stage == .cancelled }
        set { if newValue { self.stage = .cancelled } }
    }

    /// What the buyer pays.
    public var totalMinor: Int64 { (self.unitPriceMinor - self.unitDiscountMinor) * self.quantity }

    /// The order's status as its platform writes it (commerce-platforms.md §1.3, §2.2, §3.3). Lazada has
    /// no "completed": a delivered item stays `delivered`.
    public func status(on platform: Platform) -> String {
        // After-sale requests show in the order's status where the platform has one for them (§2.2, §3.3).
        if !self.cancelled {
            if platform == .shopee, self.cancelRequested { return "IN_CANCEL" }
            if platform == .shopee, self.returnRequested || self.returned { return "TO_RETURN" }
            if platform == .lazada, self.returned { return "returned" }
        }
        return switch platform {
        case .tiktokShop:
            ["AWAITING_SHIPMENT", "AWAITING_COLLECTION", "IN_TRANSIT", "DELIVERED", "COMPLETED", "CANCELLED"][self.stage.rawValue]
        case .shopee:
            ["READY_TO_SHIP", "PROCESSED", "SHIPPED", "TO_CONFIRM_RECEIVE", "COMPLETED", "CANCELLED"][self.stage.rawValue]
        default:
            ["pending", "ready_to_ship", "shipped", "delivered", "delivered", "canceled"][self.stage.rawValue]
        }
    }

    /// `minor` written in the currency's major unit (`"19.90"`, `"199000"`), as TikTok and Lazada send amounts.
    static func amountText(_ minor: Int64, currency: String) -> String {
        Price(market: "", currency: currency, amountMinor: minor).amountText
    }

    /// `minor` as a JSON number in the major unit, as Shopee sends prices.
    static func amountNumber(_ minor: Int64, currency: String) -> Double {
        let digits = Price.minorUnits[currency] ?? 2
        return Double(minor) / pow(10, Double(digits))
    }

    // MARK: Made-up details per market

    /// The currency each simulated market sells in.
    static func currency(market: String) -> String {
        ["VN": "VND", "TH": "THB", "MY": "MYR", "SG": "SGD", "PH": "PHP", "ID": "IDR"][market.uppercased()] ?? "USD"
    }

    /// A plausible unit price for a SKU in a currency, the same for the same SKU.
    static func unitPrice(sku: String, currency: String) -> Int64 {
        let step = Int64(sku.unicodeScalars.reduce(0) { ($0 &* 31 &+ Int($1.value)) % 7 })
        return switch currency {
        case "VND": 149_000 + step * 20_000
        case "IDR": 79_000 + step * 10_000
        case "THB", "PHP": 19_900 + step * 5_000
        default: 2_990 + step * 500
        }
    }

    /// The carrier a marketplace's orders go with in a market.
    static func carrier(platform: Platform, market: String) -> String {
        switch platform {
        case .tiktokShop: "J&T Express"
        case .shopee: market == "MY" ? "SPX Express (MY)" : "SPX Express"
        default: "LEX \(market)"
        }
    }

    /// A delivery address in the market, picked by `index`.
    static func address(market: String, index: Int) -> String {
        let addresses: [String: [String]] = [
            "VN": ["12 Nguyễn Huệ, Quận 1, TP. Hồ Chí Minh, 700000", "45 Hàng Bông, Hoàn Kiếm, Hà Nội, 100000"],
            "TH": ["99/1 ถนนสุขุมวิท แขวงคลองเตย เขตคลองเตย กรุงเทพฯ 10110", "12 Nimmanhaemin Rd, Chiang Mai 50200"],
            "MY": ["12 Jalan Bukit Bintang, 55100 Kuala Lumpur", "8 Lebuh Chulia, 10200 George Town, Pulau Pinang"],
            "SG": ["1 Tampines Central 5, #05-01, Singapore 529508"],
            "PH": ["23 Ayala Ave, Makati City, Metro Manila 1226"],
            "ID": ["Jl. Sudirman No. 5, Jakarta Pusat 10220"],
        ]
        let list = addresses[market.uppercased()] ?? ["1 Main Street"]
        return list[index % list.count]
    }
}
