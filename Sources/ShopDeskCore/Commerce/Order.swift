import Foundation

/// An order from any channel as ShopDesk keeps it: the platform's order normalized to one lifecycle,
/// with its lines, money, buyer, shipping and ship-by time, and the history of its statuses.
public struct Order: Sendable, Hashable, Identifiable {
    public typealias ID = Identifier<Order>

    /// One lifecycle for every platform; the platform's own status is kept beside it.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case awaitingPayment = "awaiting_payment"
        case awaitingShipment = "awaiting_shipment"
        /// Packed and handed to the platform's logistics, waiting for the carrier.
        case readyToShip = "ready_to_ship"
        case shipped
        case delivered
        case completed
        case cancelled
        case returned
        case refunded

        /// Not yet handed to the carrier: the ship-by time still counts.
        public var awaitsDispatch: Bool { self == .awaitingShipment || self == .readyToShip }

        /// After-sales outcomes, which a later read of the platform's order status does not undo (the
        /// order API keeps saying DELIVERED or COMPLETED while a return runs beside it).
        public var isAfterSale: Bool { self == .returned || self == .refunded }

        /// How far along the way to the buyer: the least advanced item decides an order with several.
        var rank: Int {
            switch self {
            case .awaitingPayment: 0
            case .awaitingShipment: 1
            case .readyToShip: 2
            case .shipped: 3
            case .delivered: 4
            case .completed: 5
            case .returned: 6
            case .refunded: 7
            case .cancelled: 8
            }
        }
    }

    /// One status the order had, from when.
    public struct StatusChange: Sendable, Hashable {
        public var status: Status
        public var platformStatus: String
        public var at: Date

        public init(status: Status, platformStatus: String, at: Date) {
            self.status = status
            self.platformStatus = platformStatus
            self.at = at
        }
    }

    /// A line as the platform sent it, with the units ShopDesk's ledger could hold for it: fewer than
    /// its quantity when the platform sold what was gone.
    public struct Line: Sendable, Hashable {
        public var line: ChannelOrder.Line
        public var held: Int64

        public init(_ line: ChannelOrder.Line, held: Int64) {
            self.line = line
            self.held = held
        }

        public var sku: String { self.line.sku }
        public var quantity: Int64 { self.line.quantity }
    }

    public var id: ID
    public var workspaceID: Workspace.ID
    public var channelAccountID: ChannelAccount.ID
    public var platform: Platform
    /// The platform's order id.
    public var externalID: String
    public var status: Status
    public var platformStatus: String
    public var lines: [Line]
    public var currency: String?
    public var totalMinor: Int64?
    /// The platform's id of the buyer, and the ShopDesk buyer it belongs to once they have written.
    public var buyerPlatformUserID: String?
    public var buyerID: Buyer.ID?
    /// Masked like other personal data.
    public var shippingAddress: String?
    public var paymentMethod: String?
    public var cashOnDelivery: Bool
    public var carrier: String?
    public var trackingNumber: String?
    public var placedAt: Date?
    public var shipBy: Date?
    public var autoCancelAt: Date?
    public var shippedAt: Date?
    public var updatedAt: Date
    public var history: [StatusChange]
    /// The seller has the returned parcel back, and its units are on the shelf again.
    public var returnReceived = false

    public init(
        id: ID, workspaceID: Workspace.ID, channelAccountID: ChannelAccount.ID, platform: Platform, externalID: String, status: Status,
        platformStatus: String, lines: [Line], currency: String? = nil, totalMinor: Int64? = nil, buyerPlatformUserID: String? = nil,
        buyerID: Buyer.ID? = nil, shippingAddress: String? = nil, paymentMethod: String? = nil, cashOnDelivery: Bool = false,
        carrier: String? = nil, trackingNumber: String? = nil, placedAt: Date? = nil, shipBy: Date? = nil, autoCancelAt: Date? = nil,
        shippedAt: Date? = nil, updatedAt: Date, history: [StatusChange] = []
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.channelAccountID = channelAccountID
        self.platform = platform
        self.externalID = externalID
        self.status = status
        self.platformStatus = platformStatus
        self.lines = lines
        self.currency = currency
        self.totalMinor = totalMinor
        self.buyerPlatformUserID = buyerPlatformUserID
        self.buyerID = buyerID
        self.shippingAddress = shippingAddress
        self.paymentMethod = paymentMethod
        self.cashOnDelivery = cashOnDelivery
        self.carrier = carrier
        self.trackingNumber = trackingNumber
        self.placedAt = placedAt
        self.shipBy = shipBy
        self.autoCancelAt = autoCancelAt
        self.shippedAt = shippedAt
        self.updatedAt = updatedAt
        self.history = history
    }

    /// Units sold on the platform beyond the seller's stock.
    public var oversold: Int64 { self.lines.reduce(0) { $0 + $1.quantity - $1.held } }

    /// Shipped after its ship-by time (nil while it has not shipped, or has no ship-by time).
    public var dispatchedLate: Bool? {
        guard let shippedAt = self.shippedAt, let shipBy = self.shipBy else { return nil }
        return shippedAt > shipBy
    }
}

/// A dispatch alert that fired for an order: what the realtime stream, the alert list and the seller's
/// webhook receive.
public struct OrderAlert: Sendable, Hashable {
    /// Stable (order, ship-by time, kind, lead), so that a receiver can drop a webhook delivered twice.
    public var id: String
    /// `dispatch_warning` or `dispatch_breached`.
    public var kind: String
    public var leadSeconds: Int64
    public var orderID: Order.ID
    public var externalID: String
    public var platform: Platform
    public var channelAccountID: ChannelAccount.ID
    public var workspaceID: Workspace.ID
    public var deadline: Date
    public var firedAt: Date

    public init(
        id: String, kind: String, leadSeconds: Int64, orderID: Order.ID, externalID: String, platform: Platform,
        channelAccountID: ChannelAccount.ID, workspaceID: Workspace.ID, deadline: Date, firedAt: Date
    ) {
        self.id = id
        self.kind = kind
        self.leadSeconds = leadSeconds
        self.orderID = orderID
        self.externalID = externalID
        self.platform = platform
        self.channelAccountID = channelAccountID
        self.workspaceID = workspaceID
        self.deadline = deadline
        self.firedAt = firedAt
    }
}
