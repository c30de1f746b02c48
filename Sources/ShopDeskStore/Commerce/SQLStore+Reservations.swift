import Foundation
import SQLKit
import ShopDeskCore

/// A checkout to hold, checked: its lines (each SKU once, in order), its idempotency key and when the
/// hold ends.
public struct ReservationRequest: Sendable {
    public var lines: [Reservation.Line]
    public var idempotencyKey: String
    public var expiresAt: Date
    public var workspace: Workspace.ID
    public var now: Date

    public init(lines: [Reservation.Line], idempotencyKey: String, expiresAt: Date, workspace: Workspace.ID, now: Date) throws {
        let key = idempotencyKey.trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty, key.count <= 200 else {
            throw StoreError.invalid(field: "Idempotency-Key", message: "the Idempotency-Key header must be 1 to 200 characters")
        }
        guard expiresAt > now else { throw StoreError.invalid(field: "expires_in_seconds", message: "a reservation must expire in the future") }
        self.lines = try Reservation.validatedLines(lines)
        self.idempotencyKey = key
        self.expiresAt = expiresAt
        self.workspace = workspace
        self.now = now
    }
}

extension SQLStore {
    /// Holds every line of a checkout, or none, until `expiresAt`. The idempotency key makes a retry
    /// harmless: a key already used returns that reservation (`created` false) and holds nothing more.
    /// A line that cannot be held throws `StockError.insufficientStock` and nothing is written, the key
    /// included. Each hold is one conditional update (`available >= quantity`), atomic on both engines,
    /// so concurrent checkouts can never hold more than is on hand.
    public func reserve(
        _ lines: [Reservation.Line], idempotencyKey: String, expiresAt: Date, workspace: Workspace.ID, now: Date
    ) async throws -> (reservation: Reservation, created: Bool) {
        let request = try ReservationRequest(lines: lines, idempotencyKey: idempotencyKey, expiresAt: expiresAt, workspace: workspace, now: now)
        return try await self.engine.transaction { db in try await Self.reserve(request, id: self.ids.make(), ids: self.ids, in: db) }
    }

    /// Many checkouts in one transaction, each in a savepoint of its own: one that cannot be held is
    /// rolled back alone and the others are kept, so a burst costs one commit (one flush) rather than
    /// one per checkout. The SKUs held are marked changed (their pushes and notices due) once for the
    /// batch, not once per checkout. Results are in the order of `requests`.
    public func reserve(_ requests: [ReservationRequest]) async throws -> [Result<(reservation: Reservation, created: Bool), any Error>] {
        try await self.engine.transaction { db in
            var results: [Result<(reservation: Reservation, created: Bool), any Error>] = []
            results.reserveCapacity(requests.count)
            var held: [Workspace.ID: Set<String>] = [:]
            for request in requests {
                try await db.raw("SAVEPOINT checkout").run()
                do {
                    let result = try await Self.reserve(request, id: self.ids.make(), ids: self.ids, marksChange: false, in: db)
                    if result.created { held[request.workspace, default: []].formUnion(request.lines.map(\.sku)) }
                    results.append(.success(result))
                } catch let error as StockError {
                    try await db.raw("ROLLBACK TO SAVEPOINT checkout").run()
                    results.append(.failure(error))
                } catch let error as StoreError {
                    try await db.raw("ROLLBACK TO SAVEPOINT checkout").run()
                    results.append(.failure(error))
                }
                try await db.raw("RELEASE SAVEPOINT checkout").run()
            }
            let now = requests.map(\.now).max() ?? Date()
            for (workspace, skus) in held {
                for variant in try await Self.variantIDs(skus.sorted(), workspace: workspace, in: db).values {
                    try await Self.stockChanged(variant, workspace: workspace, now: now, in: db)
                }
            }
            return results
        }
    }

    /// One checkout's holds in the caller's transaction (see `reserve(_:idempotencyKey:…)`).
    static func reserve(
        _ request: ReservationRequest, id: Reservation.ID, ids: IDGenerator, marksChange: Bool = true, in db: any SQLDatabase
    ) async throws -> (reservation: Reservation, created: Bool) {
        let (lines, key, expiresAt, workspace, now) = (request.lines, request.idempotencyKey, request.expiresAt, request.workspace, request.now)
        guard
            try await db.raw(
                """
                INSERT INTO reservations (id, workspace_id, idempotency_key, status, expires_at, created_at)
                VALUES (\(bind: id.rawValue), \(bind: workspace.rawValue), \(bind: key), 'held', \(bind: expiresAt.storeMillis),
                    \(bind: now.storeMillis))
                ON CONFLICT (workspace_id, idempotency_key) DO NOTHING RETURNING id
                """
            ).first() != nil
        else {
            let existing = try await db.raw(
                "SELECT id FROM reservations WHERE workspace_id = \(bind: workspace.rawValue) AND idempotency_key = \(bind: key)"
            ).first()
            guard let existing else { throw StoreError.conflict("the Idempotency-Key is being used by another request") }
            return (try await Self.reservation(try existing.id("id"), workspace: workspace, in: db), false)
        }
        let variants = try await Self.variantIDs(lines.map(\.sku), workspace: workspace, in: db)
        for line in lines {
            guard let variant = variants[line.sku] else { throw StoreError.notFound("SKU \(line.sku)") }
            let held = try await db.raw(
                """
                UPDATE stock_balances SET reserved = reserved + \(bind: line.quantity), updated_at = \(bind: now.storeMillis)
                WHERE variant_id = \(bind: variant.rawValue) AND location = \(bind: Self.defaultLocation)
                AND on_hand - reserved >= \(bind: line.quantity) RETURNING on_hand, reserved
                """
            ).first()
            guard held != nil else {
                let balance = try await Self.balance(variant, lock: false, in: db)
                throw StockError.insufficientStock(available: balance.available, requested: line.quantity)
            }
            try await Self.recordMovement(
                StockMovement(kind: .reserve, quantity: line.quantity), variant: variant, workspace: workspace, reason: nil,
                reference: "reservation:\(id.rawValue)", actor: "checkout", now: now, marksChange: marksChange, in: db, ids: ids)
            try await db.raw(
                """
                INSERT INTO reservation_lines (reservation_id, variant_id, sku, quantity)
                VALUES (\(bind: id.rawValue), \(bind: variant.rawValue), \(bind: line.sku), \(bind: line.quantity))
                """
            ).run()
        }
        let reservation = Reservation(
            id: id, workspaceID: workspace, idempotencyKey: key, status: .held, lines: lines, expiresAt: expiresAt, createdAt: now)
        return (reservation, true)
    }

    public func reservation(_ id: Reservation.ID, workspace: Workspace.ID) async throws -> Reservation {
        try await self.engine.read { db in try await Self.reservation(id, workspace: workspace, in: db) }
    }

    /// Turns a held reservation into sold stock (its units leave on hand and the hold); a reservation
    /// that was released or expired cannot be committed.
    public func commitReservation(_ id: Reservation.ID, workspace: Workspace.ID, now: Date) async throws -> Reservation {
        try await self.endReservation(id, as: .committed, workspace: workspace, now: now).reservation
    }

    /// Commits a held reservation and records the sale as an order of the seller's own site (`order`,
    /// whose lines are the reservation's), in one transaction: its units have left the shelf, and the
    /// order follows the site's later changes (a cancellation before shipping puts them back). An order
    /// id the channel already has is a conflict, and nothing is committed.
    public func commitReservation(
        _ id: Reservation.ID, asOrder order: ChannelOrder, workspace: Workspace.ID, now: Date
    ) async throws -> (reservation: Reservation, order: Order.ID) {
        let (reservation, orderID) = try await self.endReservation(id, as: .committed, order: order, workspace: workspace, now: now)
        return (reservation, orderID!)
    }

    /// Gives a held reservation's units back.
    public func releaseReservation(_ id: Reservation.ID, workspace: Workspace.ID, now: Date) async throws -> Reservation {
        try await self.endReservation(id, as: .released, workspace: workspace, now: now).reservation
    }

    /// Releases the held reservations whose time is up (at most `limit`); returns them.
    public func expireReservations(now: Date, limit: Int = 500) async throws -> [Reservation] {
        let due = try await self.engine.read { db in
            try await db.raw(
                """
                SELECT id, workspace_id FROM reservations WHERE status = 'held' AND expires_at <= \(bind: now.storeMillis)
                ORDER BY expires_at LIMIT \(bind: limit)
                """
            ).all().map { (try $0.id("id") as Reservation.ID, try $0.id("workspace_id") as Workspace.ID) }
        }
        var expired: [Reservation] = []
        for (id, workspace) in due {
            do {
                expired.append(try await self.endReservation(id, as: .expired, workspace: workspace, now: now).reservation)
            } catch StoreError.conflict {
                continue  // committed or released meanwhile
            }
        }
        return expired
    }

    /// When the next held reservation runs out (nil when none is held).
    public func nextReservationExpiry() async throws -> Date? {
        try await self.engine.read { db in
            try await db.raw("SELECT MIN(expires_at) AS t FROM reservations WHERE status = 'held'").first()?.optionalDate("t")
        }
    }

    private func endReservation(
        _ id: Reservation.ID, as status: Reservation.Status, order: ChannelOrder? = nil, workspace: Workspace.ID, now: Date
    ) async throws -> (reservation: Reservation, order: Order.ID?) {
        try await self.engine.transaction { db in
            if let order,
                try await db.raw(
                    """
                    SELECT id FROM channel_orders WHERE channel_account_id = \(bind: order.channelAccountID.rawValue)
                    AND order_id = \(bind: order.orderID)
                    """
                ).first() != nil
            {
                throw StoreError.conflict("order \(order.orderID) is already recorded on this channel; nothing was committed")
            }
            // Claiming the status change first makes the end happen once, whoever else tries.
            let claimed = try await db.raw(
                """
                UPDATE reservations SET status = \(bind: status.rawValue), ended_at = \(bind: now.storeMillis)
                WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspace.rawValue) AND status = 'held'
                AND (\(bind: status == .expired) OR expires_at > \(bind: now.storeMillis))
                RETURNING id
                """
            ).first()
            let reservation = try await Self.reservation(id, workspace: workspace, in: db)
            guard claimed != nil else {
                let state = reservation.status == .held ? "expired" : reservation.status.rawValue
                throw StoreError.conflict("reservation \(id) is \(state)")
            }
            let variants = try await Self.variantIDs(reservation.lines.map(\.sku), workspace: workspace, in: db)
            for line in reservation.lines {
                guard let variant = variants[line.sku] else { continue }
                let kind: StockMovement.Kind = status == .committed ? .commit : .release
                let current = try await Self.balance(variant, lock: self.engine.kind == .postgres, in: db)
                _ = try await Self.move(
                    StockMovement(kind: kind, quantity: line.quantity), variant: variant, from: current, workspace: workspace,
                    reason: status.rawValue,
                    reference: "reservation:\(id.rawValue)", actor: "checkout", now: now, in: db, ids: self.ids)
            }
            guard let order else { return (reservation, nil) }
            let orderID: Order.ID = self.ids.make()
            try await Self.writeOrder(
                order, id: orderID, platform: .custom, status: .awaitingShipment, state: .checkout,
                lines: order.lines.map { ChannelOrderStock.Line($0, held: $0.quantity) }, shipBy: order.shipBy, shippedAt: nil, alertsFired: 0,
                workspace: workspace, now: now, in: db)
            try await Self.recordStatus(
                .awaitingShipment, platformStatus: order.platformStatus, order: orderID, workspace: workspace, at: order.platformUpdatedAt ?? now,
                in: db)
            return (reservation, orderID)
        }
    }

    static func reservation(_ id: Reservation.ID, workspace: Workspace.ID, in db: any SQLDatabase) async throws -> Reservation {
        guard
            let row = try await db.raw(
                "SELECT * FROM reservations WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspace.rawValue)"
            ).first()
        else { throw StoreError.notFound("reservation \(id)") }
        let lines = try await db.raw(
            "SELECT sku, quantity FROM reservation_lines WHERE reservation_id = \(bind: id.rawValue) ORDER BY sku"
        ).all().map { Reservation.Line(sku: try $0.string("sku"), quantity: try $0.decode(column: "quantity", as: Int64.self)) }
        return Reservation(
            id: id, workspaceID: workspace, idempotencyKey: try row.string("idempotency_key"), status: try row.enumValue("status"), lines: lines,
            expiresAt: try row.date("expires_at"), createdAt: try row.date("created_at"))
    }

    static func variantIDs(_ skus: [String], workspace: Workspace.ID, in db: any SQLDatabase) async throws -> [String: ProductVariant.ID] {
        guard !skus.isEmpty else { return [:] }
        let rows = try await db.raw(
            SQLQueryString("SELECT id, sku FROM product_variants WHERE workspace_id = \(bind: workspace.rawValue) AND sku IN (")
                + Self.bindList(skus) + SQLQueryString(")")
        ).all()
        var found: [String: ProductVariant.ID] = [:]
        for row in rows { found[try row.string("sku")] = try row.id("id") }
        return found
    }
}
