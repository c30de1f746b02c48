import Foundation
import Testing

@testable import ShopDeskCore
@testable import ShopDeskStore

/// The catalog, the stock ledger and checkout reservations on both engines (issue 16, first part).
@Suite("Stock ledger and reservations in the store")
struct StockStoreTests {
    static func product(_ store: SQLStore, _ fixture: Fixture, sku: String = "TEE-RED-M", onHand: Int64) async throws {
        _ = try await store.createProduct(
            sku: sku, title: ["vi": "Áo thun đỏ", "th": "เสื้อยืดสีแดง"],
            prices: [
                try Price.parse(market: "VN", currency: "VND", amount: "199000"), try Price.parse(market: "TH", currency: "THB", amount: "259.50"),
            ],
            workspace: fixture.workspace.id, now: .fixture(0))
        _ = try await store.setOnHand(onHand, sku: sku, workspace: fixture.workspace.id, actor: "test", now: .fixture(1))
    }

    @Test("a product is created once per SKU; a stocktake sets on hand through the ledger, never below what is held", arguments: TestEngine.available)
    func catalogAndStocktake(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            try await Self.product(store, fixture, onHand: 10)
            await #expect(throws: StoreError.conflict("SKU TEE-RED-M is in the catalog already")) {
                try await store.createProduct(
                    sku: "TEE-RED-M", title: ["en": "Red tee"], prices: [], workspace: fixture.workspace.id, now: .fixture(2))
            }
            #expect(try await store.inventory(sku: "TEE-RED-M", workspace: fixture.workspace.id).balance == StockBalance(onHand: 10, reserved: 0))
            _ = try await store.reserve(
                [.init(sku: "TEE-RED-M", quantity: 4)], idempotencyKey: "k1", expiresAt: .fixture(600), workspace: fixture.workspace.id,
                now: .fixture(2))
            await #expect(throws: StockError.self) {
                try await store.setOnHand(3, sku: "TEE-RED-M", workspace: fixture.workspace.id, actor: "test", now: .fixture(3))
            }
            let counted = try await store.setOnHand(7, sku: "TEE-RED-M", workspace: fixture.workspace.id, actor: "test", now: .fixture(3))
            #expect(counted == StockBalance(onHand: 7, reserved: 4))
            let ledger = try await store.stockMovements(sku: "TEE-RED-M", workspace: fixture.workspace.id)
            #expect(ledger.map(\.kind) == [.stocktake, .reserve, .stocktake])
            #expect(ledger.map(\.quantity) == [-3, 4, 10])
            #expect(try await store.verifyStock().isEmpty)
        }
    }

    @Test("many checkouts at once on one SKU never hold more than is on hand; every refusal says insufficient stock", arguments: TestEngine.available)
    func concurrentReservations(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            try await Self.product(store, fixture, onHand: 20)
            let workspace = fixture.workspace.id
            let outcomes = await withTaskGroup(of: Result<Int64, any Error>.self) { group in
                for index in 0..<60 {
                    group.addTask {
                        do {
                            let quantity = Int64(index % 3 + 1)
                            _ = try await store.reserve(
                                [.init(sku: "TEE-RED-M", quantity: quantity)], idempotencyKey: "burst-\(index)", expiresAt: .fixture(600),
                                workspace: workspace, now: .fixture(5))
                            return .success(quantity)
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                var all: [Result<Int64, any Error>] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            let held = outcomes.compactMap { try? $0.get() }.reduce(0, +)
            let balance = try await store.inventory(sku: "TEE-RED-M", workspace: workspace).balance
            #expect(held <= 20)
            #expect(balance.reserved == held)
            #expect(balance.available >= 0 && balance.available < 3, "the burst took all it could")
            for case .failure(let error) in outcomes {
                guard case StockError.insufficientStock = error else {
                    Issue.record("unexpected refusal: \(error)")
                    continue
                }
            }
            #expect(try await store.verifyStock().isEmpty)
        }
    }

    @Test(
        "a retry with the same key returns the first reservation and holds nothing more; lines are all held or none", arguments: TestEngine.available)
    func idempotentAndAllOrNothing(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let workspace = fixture.workspace.id
            try await Self.product(store, fixture, sku: "A", onHand: 5)
            try await Self.product(store, fixture, sku: "B", onHand: 1)
            let first = try await store.reserve(
                [.init(sku: "A", quantity: 2)], idempotencyKey: "cart-1", expiresAt: .fixture(600), workspace: workspace, now: .fixture(5))
            let again = try await store.reserve(
                [.init(sku: "A", quantity: 2)], idempotencyKey: "cart-1", expiresAt: .fixture(600), workspace: workspace, now: .fixture(6))
            #expect(first.created && !again.created)
            #expect(again.reservation.id == first.reservation.id)
            #expect(try await store.inventory(sku: "A", workspace: workspace).balance.reserved == 2)

            await #expect(throws: StockError.insufficientStock(available: 1, requested: 2)) {
                try await store.reserve(
                    [.init(sku: "A", quantity: 1), .init(sku: "B", quantity: 2)], idempotencyKey: "cart-2", expiresAt: .fixture(600),
                    workspace: workspace, now: .fixture(7))
            }
            #expect(try await store.inventory(sku: "A", workspace: workspace).balance.reserved == 2, "nothing of the refused cart is held")
            // The refused key was not used up.
            let later = try await store.reserve(
                [.init(sku: "B", quantity: 1)], idempotencyKey: "cart-2", expiresAt: .fixture(600), workspace: workspace, now: .fixture(8))
            #expect(later.created)
            #expect(try await store.verifyStock().isEmpty)
        }
    }

    @Test("commit takes the units off the shelf; release and expiry give them back, once, on time", arguments: TestEngine.available)
    func endings(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let workspace = fixture.workspace.id
            try await Self.product(store, fixture, onHand: 10)
            func hold(_ key: String, _ quantity: Int64, until: TimeInterval) async throws -> Reservation.ID {
                try await store.reserve(
                    [.init(sku: "TEE-RED-M", quantity: quantity)], idempotencyKey: key, expiresAt: .fixture(until), workspace: workspace,
                    now: .fixture(10)
                ).reservation.id
            }
            let sold = try await hold("sold", 3, until: 600)
            let dropped = try await hold("dropped", 2, until: 600)
            let forgotten = try await hold("forgotten", 1, until: 60)

            #expect(try await store.commitReservation(sold, workspace: workspace, now: .fixture(20)).lines.first?.quantity == 3)
            _ = try await store.releaseReservation(dropped, workspace: workspace, now: .fixture(20))
            await #expect(throws: StoreError.self) { try await store.releaseReservation(dropped, workspace: workspace, now: .fixture(21)) }
            #expect(try await store.inventory(sku: "TEE-RED-M", workspace: workspace).balance == StockBalance(onHand: 7, reserved: 1))

            #expect(try await store.nextReservationExpiry() == .fixture(60))
            #expect(try await store.expireReservations(now: .fixture(59)).isEmpty)
            await #expect(throws: StoreError.self) { try await store.commitReservation(forgotten, workspace: workspace, now: .fixture(61)) }
            #expect(try await store.expireReservations(now: .fixture(60)).map(\.id) == [forgotten])
            #expect(try await store.reservation(forgotten, workspace: workspace).status == .expired)
            #expect(try await store.inventory(sku: "TEE-RED-M", workspace: workspace).balance == StockBalance(onHand: 7, reserved: 0))
            #expect(try await store.nextReservationExpiry() == nil)
            #expect(try await store.verifyStock().isEmpty)
        }
    }

    @Test("a catalog file imports whole and exports back the same; a row that cannot be taken refuses the file", arguments: TestEngine.available)
    func catalogImportExport(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let workspace = fixture.workspace.id
            let file = """
                sku,title:en,title:th,price:MY:MYR,price:TH:THB,on_hand
                MUG-01,Cat mug,แก้วลายแมว,29.90,159.00,12
                TEE-RED-M,Red tee,เสื้อยืดสีแดง,39.90,259.50,5

                """
            #expect(try await store.importCatalog(try CatalogCSV.read(file), workspace: workspace, actor: "test", now: .fixture(0)) == 2)
            #expect(CatalogCSV.write(try await store.catalogRows(workspace: workspace)) == file)
            #expect(try await store.inventory(sku: "MUG-01", workspace: workspace).balance.onHand == 12)

            _ = try await store.reserve(
                [.init(sku: "TEE-RED-M", quantity: 4)], idempotencyKey: "k", expiresAt: .fixture(600), workspace: workspace, now: .fixture(1))
            let lowered = file.replacingOccurrences(of: ",12\n", with: ",20\n").replacingOccurrences(of: ",5\n", with: ",2\n")
            do {
                _ = try await store.importCatalog(try CatalogCSV.read(lowered), workspace: workspace, actor: "test", now: .fixture(2))
                Issue.record("a count below what is held was taken")
            } catch let problems as CatalogCSV.Problems {
                #expect(problems.all.map(\.line) == [3])
            }
            #expect(try await store.inventory(sku: "MUG-01", workspace: workspace).balance.onHand == 12, "nothing of the refused file was written")
            #expect(try await store.verifyStock().isEmpty)
        }
    }

    @Test("a SKU's listings offer what each channel's allocation allows of the available stock", arguments: TestEngine.available)
    func listingsFollowAllocation(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let workspace = fixture.workspace.id
            try await Self.product(store, fixture, onHand: 10)
            let other = try await store.createChannelAccount(
                workspace: workspace, platform: .custom, name: "Site", market: "VN", timeZone: nil,
                credentials: ChannelCredentials(["signing_secret": "s3cret-\(UUID().uuidString)"]), now: .fixture(0))
            try await store.linkListing(
                sku: "TEE-RED-M", channel: fixture.channel.id, platformProductID: "p1", platformSKUID: "s1", workspace: workspace, now: .fixture(1))
            try await store.linkListing(
                sku: "TEE-RED-M", channel: other.id, platformProductID: "p9", platformSKUID: "s9", workspace: workspace, now: .fixture(1))
            await #expect(throws: StoreError.self) {
                try await store.linkListing(
                    sku: "TEE-RED-M", channel: other.id, platformProductID: "p2", platformSKUID: "s2", workspace: workspace, now: .fixture(2))
            }
            try await store.setAllocation(.buffer(3), channel: other.id, workspace: workspace, now: .fixture(2))
            _ = try await store.reserve(
                [.init(sku: "TEE-RED-M", quantity: 4)], idempotencyKey: "k", expiresAt: .fixture(600), workspace: workspace, now: .fixture(3))
            let listings = try await store.inventory(sku: "TEE-RED-M", workspace: workspace).listings
            #expect(Dictionary(uniqueKeysWithValues: listings.map { ($0.channelAccountID, $0.sellable) }) == [fixture.channel.id: 6, other.id: 3])
        }
    }

    @Test("checkouts written together: each held or refused on its own, a repeated key returns the first, in order", arguments: TestEngine.available)
    func batchedCheckouts(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let workspace = fixture.workspace.id
            try await Self.product(store, fixture, onHand: 3)
            func request(_ key: String, _ sku: String, _ quantity: Int64) throws -> ReservationRequest {
                try ReservationRequest(
                    lines: [.init(sku: sku, quantity: quantity)], idempotencyKey: key, expiresAt: .fixture(600), workspace: workspace,
                    now: .fixture(5))
            }
            let results = try await store.reserve([
                try request("a", "TEE-RED-M", 2), try request("b", "TEE-RED-M", 2), try request("a", "TEE-RED-M", 2),
                try request("c", "NO-SUCH", 1), try request("d", "TEE-RED-M", 1),
            ])
            #expect(results.map { (try? $0.get())?.created } == [true, nil, false, nil, true])
            if case .failure(let error) = results[1] { #expect(error as? StockError == .insufficientStock(available: 1, requested: 2)) }
            if case .failure(let error) = results[3] { #expect(error as? StoreError == .notFound("SKU NO-SUCH")) }
            #expect(try results[2].get().reservation.id == results[0].get().reservation.id)
            #expect(try await store.inventory(sku: "TEE-RED-M", workspace: workspace).balance == StockBalance(onHand: 3, reserved: 3))
            #expect(try await store.verifyStock().isEmpty)
            // The refused key was rolled back with its savepoint, so it can be used again once stock is free.
            _ = try await store.releaseReservation(try results[4].get().reservation.id, workspace: workspace, now: .fixture(6))
            #expect(try await store.reserve([try request("b", "TEE-RED-M", 1)]).first.map { (try? $0.get())?.created } == .some(true))
        }
    }
}
