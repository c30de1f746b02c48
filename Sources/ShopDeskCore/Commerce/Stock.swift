import Foundation

/// One SKU's stock at one location: what is on the shelf and how much of it carts and unshipped orders
/// hold. The ledger (`StockMovement`) is the truth; a balance is the sum of its movements, kept in the
/// same transaction, and `shopdesk stock verify` checks that it is.
public struct StockBalance: Sendable, Hashable {
    public var onHand: Int64
    public var reserved: Int64

    public init(onHand: Int64 = 0, reserved: Int64 = 0) {
        self.onHand = onHand
        self.reserved = reserved
    }

    /// What can still be sold.
    public var available: Int64 { self.onHand - self.reserved }

    /// The balance after `movement`, or why the movement is refused: stock never goes negative and never
    /// less than what is held.
    public func applying(_ movement: StockMovement.Change) throws(StockError) -> StockBalance {
        let next = StockBalance(onHand: self.onHand + movement.onHand, reserved: self.reserved + movement.reserved)
        guard next.onHand >= 0, next.reserved >= 0, next.reserved <= next.onHand else {
            throw StockError.insufficientStock(available: self.available, requested: -min(movement.onHand, -movement.reserved))
        }
        return next
    }
}

/// An entry of the append-only stock ledger.
public struct StockMovement: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        /// Goods arrived.
        case receive
        /// A correction up or down (damage, loss, found).
        case adjust
        /// A count: on hand set to what was counted (recorded as the difference).
        case stocktake
        /// A cart or order holds units.
        case reserve
        /// A hold ended without a sale (released, expired, cancelled).
        case release
        /// Held units left with an order (dispatch).
        case commit
        /// Units came back and can be sold again.
        case returnToStock = "return"
    }

    /// How a movement moves the balance.
    public struct Change: Sendable, Hashable {
        public var onHand: Int64
        public var reserved: Int64

        public init(onHand: Int64, reserved: Int64) {
            self.onHand = onHand
            self.reserved = reserved
        }
    }

    public var kind: Kind
    /// Units, always positive except for adjustments and stocktakes, which may go down.
    public var quantity: Int64

    public init(kind: Kind, quantity: Int64) {
        self.kind = kind
        self.quantity = quantity
    }

    /// What the kind does with the quantity: a reserve holds, a release lets go, a commit takes the
    /// held units off the shelf.
    public var change: Change {
        switch self.kind {
        case .receive, .returnToStock, .adjust, .stocktake: Change(onHand: self.quantity, reserved: 0)
        case .reserve: Change(onHand: 0, reserved: self.quantity)
        case .release: Change(onHand: 0, reserved: -self.quantity)
        case .commit: Change(onHand: -self.quantity, reserved: -self.quantity)
        }
    }
}

/// Why the stock refused a movement.
public enum StockError: Error, Sendable, Hashable, CustomStringConvertible {
    case insufficientStock(available: Int64, requested: Int64)

    public var description: String {
        switch self {
        case .insufficientStock(let available, let requested):
            "not enough stock: \(requested) requested, \(max(available, 0)) available"
        }
    }
}

/// A hold on stock for a checkout (a cart): all its lines are held or none, until it is committed (an
/// order), released, or its time runs out.
public struct Reservation: Sendable, Hashable, Identifiable {
    public typealias ID = Identifier<Reservation>

    public enum Status: String, Sendable, Hashable, CaseIterable, Codable {
        case held, committed, released, expired
    }

    public struct Line: Sendable, Hashable {
        public var sku: String
        public var quantity: Int64

        public init(sku: String, quantity: Int64) {
            self.sku = sku
            self.quantity = quantity
        }
    }

    public var id: ID
    public var workspaceID: Workspace.ID
    public var idempotencyKey: String
    public var status: Status
    public var lines: [Line]
    public var expiresAt: Date
    public var createdAt: Date

    public init(
        id: ID, workspaceID: Workspace.ID, idempotencyKey: String, status: Status, lines: [Line], expiresAt: Date, createdAt: Date
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.idempotencyKey = idempotencyKey
        self.status = status
        self.lines = lines
        self.expiresAt = expiresAt
        self.createdAt = createdAt
    }

    /// The lines of a request with each SKU once (quantities added up), in SKU order, so that holds are
    /// always taken in the same order; or the first problem found.
    public static func validatedLines(_ lines: [Line]) throws(ValidationError) -> [Line] {
        guard !lines.isEmpty, lines.count <= 100 else { throw ValidationError(field: "lines", message: "a reservation needs 1 to 100 lines") }
        var merged: [String: Int64] = [:]
        for line in lines {
            let sku = try Product.validatedSKU(line.sku)
            guard line.quantity > 0, line.quantity <= 1_000_000 else {
                throw ValidationError(field: "quantity", message: "quantity must be 1 to 1000000")
            }
            merged[sku, default: 0] += line.quantity
        }
        return merged.keys.sorted().map { Line(sku: $0, quantity: merged[$0]!) }
    }
}
