import Foundation
import Testing

@testable import ShopDeskCore

@Suite("Prices and stock balances")
struct StockTests {
    @Test("prices are kept in the currency's minor units: none for đồng and rupiah, two for baht and ringgit")
    func prices() throws {
        #expect(try Price.parse(market: "vn", currency: "vnd", amount: "199000").amountMinor == 199_000)
        #expect(try Price.parse(market: "ID", currency: "IDR", amount: "75000").amountText == "75000")
        #expect(try Price.parse(market: "TH", currency: "THB", amount: "259.5").amountMinor == 25_950)
        #expect(try Price.parse(market: "MY", currency: "MYR", amount: "19.90").amountText == "19.90")
        #expect(try Price.parse(market: "MY", currency: "MYR", amount: "0.05").amountText == "0.05")
        for (currency, amount) in [("VND", "199000.5"), ("THB", "1.999"), ("THB", "-1"), ("THB", "1e3"), ("XXX", "1"), ("THB", "")] {
            #expect(throws: ValidationError.self, "\(currency) \(amount)") { try Price.parse(market: "TH", currency: currency, amount: amount) }
        }
    }

    @Test("movements move the balance; stock never goes negative or below what is held")
    func balances() throws {
        var balance = StockBalance()
        balance = try balance.applying(StockMovement(kind: .receive, quantity: 10).change)
        balance = try balance.applying(StockMovement(kind: .reserve, quantity: 4).change)
        #expect(balance.available == 6)
        balance = try balance.applying(StockMovement(kind: .commit, quantity: 3).change)
        #expect(balance == StockBalance(onHand: 7, reserved: 1))
        #expect(throws: StockError.insufficientStock(available: 6, requested: 7)) {
            try balance.applying(StockMovement(kind: .reserve, quantity: 7).change)
        }
        #expect(throws: StockError.self) { try balance.applying(StockMovement(kind: .adjust, quantity: -7).change) }
        #expect(try balance.applying(StockMovement(kind: .release, quantity: 1).change).available == 7)
    }

    @Test("a reservation's lines name each SKU once, in order, with sane quantities")
    func lines() throws {
        let lines = try Reservation.validatedLines([.init(sku: "B", quantity: 1), .init(sku: "A", quantity: 2), .init(sku: "B", quantity: 3)])
        #expect(lines == [.init(sku: "A", quantity: 2), .init(sku: "B", quantity: 4)])
        #expect(throws: ValidationError.self) { try Reservation.validatedLines([]) }
        #expect(throws: ValidationError.self) { try Reservation.validatedLines([.init(sku: "A", quantity: 0)]) }
        #expect(throws: ValidationError.self) { try Reservation.validatedLines([.init(sku: "with space", quantity: 1)]) }
    }
}

@Suite("Channel allocation")
struct ChannelAllocationTests {
    @Test("a listing offers the shared pool, at most a cap, all but a buffer, or nothing; never below zero")
    func sellable() throws {
        #expect(ChannelAllocation.shared.sellable(available: 7) == 7)
        #expect(ChannelAllocation.cap(5).sellable(available: 7) == 5)
        #expect(ChannelAllocation.cap(5).sellable(available: 3) == 3)
        #expect(ChannelAllocation.buffer(2).sellable(available: 7) == 5)
        #expect(ChannelAllocation.buffer(10).sellable(available: 7) == 0)
        #expect(ChannelAllocation.off.sellable(available: 7) == 0)
        #expect(ChannelAllocation.shared.sellable(available: -1) == 0)
        #expect(try ChannelAllocation(rule: "cap", quantity: 3) == .cap(3))
        #expect(throws: ValidationError.self) { try ChannelAllocation(rule: "cap", quantity: nil) }
        #expect(throws: ValidationError.self) { try ChannelAllocation(rule: "shared", quantity: 3) }
        #expect(throws: ValidationError.self) { try ChannelAllocation(rule: "half", quantity: nil) }
    }
}
