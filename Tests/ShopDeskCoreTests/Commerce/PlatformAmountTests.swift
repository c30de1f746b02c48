import Foundation
import ShopDeskCore
import Testing

@Suite("Platform amounts in minor units")
struct PlatformAmountTests {
    @Test(
        "a platform's amount text is read in the currency's minor units",
        arguments: [
            ("199000", "VND", Int64(199_000)), ("19.90", "THB", 1990), ("19.9", "thb", 1990), ("0", "MYR", 0), ("7", "SGD", 700),
            ("89000", "IDR", 89000), ("19.905", "THB", 1990), ("19.915", "THB", 1992), ("199000.5", "VND", 199_000), (" 12.50 ", "PHP", 1250),
        ])
    func text(amount: String, currency: String, minor: Int64) {
        #expect(PlatformAmount.minorUnits(amount, currency: currency) == minor)
    }

    @Test("a JSON number is read through its shortest decimal form, so 19.9 is 1990")
    func number() {
        #expect(PlatformAmount.minorUnits(19.9, currency: "THB") == 1990)
        #expect(PlatformAmount.minorUnits(0.1 + 0.2, currency: "MYR") == 30)
        #expect(PlatformAmount.minorUnits(199_000, currency: "VND") == 199_000)
        #expect(PlatformAmount.minorUnits(-1, currency: "THB") == nil)
        #expect(PlatformAmount.minorUnits(.nan, currency: "THB") == nil)
    }

    @Test(
        "garbage, negative amounts, unknown currencies and overflow are nil",
        arguments: [
            ("abc", "THB"), ("", "THB"), ("1,299.00", "THB"), ("-1", "THB"), ("1.", "THB"), (".5", "THB"), ("1e3", "THB"), ("12", "XXX"),
            ("99999999999999999999", "VND"),
        ])
    func garbage(amount: String, currency: String) {
        #expect(PlatformAmount.minorUnits(amount, currency: currency) == nil)
    }
}
