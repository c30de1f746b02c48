import Foundation
import ShopDeskCore
import ShopDeskStore

/// A product as an admin creates it: a seller SKU, titles per language and prices per market as
/// written (`"199000"`, `"19.90"`).
struct NewProduct: Sendable {
    var sku: String
    var title: [String: String]
    var description: [String: String] = [:]
    var imageURLs: [String] = []
    var attributes: [String: String] = [:]
    var prices: [(market: String, currency: String, amount: String)]
}

/// A SKU's stock as the API shows it.
struct Inventory: Sendable {
    var sku: String
    var balance: StockBalance
    var lowStockThreshold: Int64
    /// The SKU's listings on the channels, with what each may offer.
    var listings: [Listing]
}

extension Desk {
    /// Creates a product with its SKU (admins); a SKU already in the catalog is a conflict.
    func createProduct(_ new: NewProduct, by signedIn: AuthenticatedAgent) async throws -> (Product, ProductVariant, [Price]) {
        try signedIn.require(.admin)
        let prices = try new.prices.map { try Price.parse(market: $0.market, currency: $0.currency, amount: $0.amount) }
        let (product, variant) = try await self.store.createProduct(
            sku: new.sku, title: new.title, description: new.description, imageURLs: new.imageURLs, prices: prices, attributes: new.attributes,
            workspace: signedIn.workspaceID, now: self.now)
        return self.finish((product, variant, prices), .none)
    }

    /// A stocktake at the default location (admins): on hand becomes `count`; with a threshold, the
    /// level at or below which the SKU is low on stock is set too.
    func setOnHand(_ count: Int64, lowStockThreshold: Int64? = nil, sku: String, by signedIn: AuthenticatedAgent) async throws -> Inventory {
        try signedIn.require(.admin)
        if let lowStockThreshold {
            try await self.store.setLowStockThreshold(lowStockThreshold, sku: sku, workspace: signedIn.workspaceID, now: self.now)
        }
        _ = try await self.store.setOnHand(count, sku: sku, workspace: signedIn.workspaceID, actor: signedIn.actorName, now: self.now)
        return self.finish(try await self.inventory(sku: sku, by: signedIn), .stock([sku], in: signedIn.workspaceID))
    }

    func inventory(sku: String, by signedIn: AuthenticatedAgent) async throws -> Inventory {
        let (balance, listings, threshold) = try await self.store.inventory(sku: sku, workspace: signedIn.workspaceID)
        return Inventory(
            sku: sku, balance: balance, lowStockThreshold: threshold, listings: listings.filter { signedIn.agent.canAccess($0.channelAccountID) })
    }

    /// Links a SKU to its listing on a channel account (admins); returns the SKU's stock with its listings.
    func linkListing(
        sku: String, channel: ChannelAccount.ID, platformProductID: String, platformSKUID: String, by signedIn: AuthenticatedAgent
    ) async throws -> Inventory {
        try signedIn.require(.admin)
        try await self.store.linkListing(
            sku: sku, channel: channel, platformProductID: platformProductID, platformSKUID: platformSKUID, workspace: signedIn.workspaceID,
            now: self.now)
        return self.finish(try await self.inventory(sku: sku, by: signedIn), .stock([sku], in: signedIn.workspaceID))
    }

    /// Asks for a channel's products to be imported and matched to the catalog by seller SKU (admins);
    /// the import runs in the background.
    func requestProductImport(channel: ChannelAccount.ID, by signedIn: AuthenticatedAgent) async throws -> ProductImport {
        try signedIn.require(.admin)
        let requested = try await self.store.requestProductImport(channel: channel, workspace: signedIn.workspaceID, now: self.now)
        var changes = Changes()
        changes.importsRequested = true
        return self.finish(requested, changes)
    }

    func productImport(channel: ChannelAccount.ID, by signedIn: AuthenticatedAgent) async throws -> ProductImport? {
        try await self.store.productImport(channel: channel, workspace: signedIn.workspaceID)
    }

    /// The listings imports found that match nothing in the catalog, on the channels the agent may see.
    func unlinkedListings(by signedIn: AuthenticatedAgent) async throws -> [UnlinkedListing] {
        try await self.store.unlinkedListings(workspace: signedIn.workspaceID).filter { signedIn.agent.canAccess($0.channelAccountID) }
    }

    /// Sets what a channel account may sell of the shared stock (admins).
    func setAllocation(_ allocation: ChannelAllocation, channel: ChannelAccount.ID, by signedIn: AuthenticatedAgent) async throws {
        try signedIn.require(.admin)
        try await self.store.setAllocation(allocation, channel: channel, workspace: signedIn.workspaceID, now: self.now)
        self.finish((), .stock([], in: signedIn.workspaceID))
    }

    /// The catalog's SKUs (or one) with their stock and the listings the agent may see, for the catalog pages.
    func stockList(sku: String? = nil, by signedIn: AuthenticatedAgent) async throws -> [StockedSKU] {
        try await self.store.stockList(workspace: signedIn.workspaceID, sku: sku).map { item in
            var visible = item
            visible.listings = item.listings.filter { signedIn.agent.canAccess($0.channelAccountID) }
            return visible
        }
    }

    func stockMovements(sku: String, by signedIn: AuthenticatedAgent) async throws -> [StockLedgerEntry] {
        try await self.store.stockMovements(sku: sku, workspace: signedIn.workspaceID)
    }

    /// Holds a checkout's lines for `expiresIn` seconds (any agent or token: the seller's site). The same
    /// idempotency key again returns the first reservation (`created` false).
    func reserve(
        _ lines: [Reservation.Line], idempotencyKey: String?, expiresIn: Int, by signedIn: AuthenticatedAgent
    ) async throws -> (reservation: Reservation, created: Bool) {
        guard let idempotencyKey else { throw DeskError.malformed("the Idempotency-Key header is required") }
        guard (1...86_400).contains(expiresIn) else { throw DeskError.invalid("expires_in_seconds must be 1 to 86400") }
        let now = self.now
        let request = try ReservationRequest(
            lines: lines, idempotencyKey: idempotencyKey, expiresAt: now.addingTimeInterval(TimeInterval(expiresIn)), workspace: signedIn.workspaceID,
            now: now)
        let result =
            if let writer = self.reservationWriter {
                try await writer.submit(request)
            } else {
                try await self.store.reserve(
                    request.lines, idempotencyKey: request.idempotencyKey, expiresAt: request.expiresAt, workspace: request.workspace, now: now)
            }
        var changes = result.created ? Changes.stock(of: [result.reservation]) : Changes()
        changes.reservationsHeld = result.created
        return self.finish(result, changes)
    }

    func reservation(_ id: Reservation.ID, by signedIn: AuthenticatedAgent) async throws -> Reservation {
        try await self.store.reservation(id, workspace: signedIn.workspaceID)
    }

    /// Turns a held reservation into an order: its units leave the shelf.
    func commitReservation(_ id: Reservation.ID, by signedIn: AuthenticatedAgent) async throws -> Reservation {
        let reservation = try await self.store.commitReservation(id, workspace: signedIn.workspaceID, now: self.now)
        return self.finish(reservation, .stock(of: [reservation]))
    }

    /// Gives a held reservation's units back.
    func releaseReservation(_ id: Reservation.ID, by signedIn: AuthenticatedAgent) async throws -> Reservation {
        let reservation = try await self.store.releaseReservation(id, workspace: signedIn.workspaceID, now: self.now)
        return self.finish(reservation, .stock(of: [reservation]))
    }
}

extension Desk {
    /// The whole catalog with stock as a CSV file (`CatalogCSV`).
    func exportCatalog(by signedIn: AuthenticatedAgent) async throws -> String {
        CatalogCSV.write(try await self.store.catalogRows(workspace: signedIn.workspaceID))
    }

    /// Imports a catalog CSV whole (admins): every row is checked first, and a file with any bad row is
    /// refused with the line numbers (`CatalogCSV.Problems`), nothing written. Returns the rows taken.
    func importCatalog(_ text: String, by signedIn: AuthenticatedAgent) async throws -> Int {
        try signedIn.require(.admin)
        let rows = try CatalogCSV.read(text)
        let count = try await self.store.importCatalog(rows, workspace: signedIn.workspaceID, actor: signedIn.actorName, now: self.now)
        return self.finish(count, .stock(Set(rows.map(\.sku)), in: signedIn.workspaceID))
    }
}
