import Foundation

/// A product of the seller's catalog: its titles and descriptions per language and its images. What is
/// sold and counted is a variant (`ProductVariant`), one seller SKU each.
public struct Product: Sendable, Hashable, Identifiable {
    public typealias ID = Identifier<Product>

    public var id: ID
    public var workspaceID: Workspace.ID
    /// BCP 47 tag to text, e.g. `["vi": "Áo thun", "th": "เสื้อยืด"]`.
    public var title: [String: String]
    public var description: [String: String]
    public var imageURLs: [String]
    public var createdAt: Date

    public init(
        id: ID, workspaceID: Workspace.ID, title: [String: String], description: [String: String] = [:], imageURLs: [String] = [],
        createdAt: Date
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.title = title
        self.description = description
        self.imageURLs = imageURLs
        self.createdAt = createdAt
    }

    /// The longest SKU the catalog takes.
    public static let maximumSKULength = 64

    /// A seller SKU as stored: trimmed, 1 to 64 characters without spaces or control characters.
    public static func validatedSKU(_ sku: String) throws(ValidationError) -> String {
        let trimmed = sku.trimmingCharacters(in: .whitespaces)
        // A SKU is part of API paths (`/api/v1/inventory/{sku}`), so it may not hold `/`, `?` or `#`.
        guard !trimmed.isEmpty, trimmed.count <= Self.maximumSKULength,
            !trimmed.unicodeScalars.contains(where: {
                $0.properties.isWhitespace || $0.properties.generalCategory == .control || "/?#%".unicodeScalars.contains($0)
            })
        else {
            throw ValidationError(
                field: "sku", message: "sku must be 1 to \(Self.maximumSKULength) characters without spaces, /, ?, # or %")
        }
        return trimmed
    }
}

/// One sellable variant of a product: the seller's SKU (unique in the workspace) and its attributes.
public struct ProductVariant: Sendable, Hashable, Identifiable {
    public typealias ID = Identifier<ProductVariant>

    public var id: ID
    public var productID: Product.ID
    public var sku: String
    /// e.g. `["size": "M", "colour": "red"]`.
    public var attributes: [String: String]
    /// Available at or below this is low stock (an alert, and a `stock.low` webhook).
    public var lowStockThreshold: Int64

    public init(id: ID, productID: Product.ID, sku: String, attributes: [String: String] = [:], lowStockThreshold: Int64 = 5) {
        self.id = id
        self.productID = productID
        self.sku = sku
        self.attributes = attributes
        self.lowStockThreshold = lowStockThreshold
    }
}

/// A price in one market, in its currency's minor units (ISO 4217): 199000 VND is `199000`, 19.90 THB
/// is `1990`.
public struct Price: Sendable, Hashable {
    public var market: String
    public var currency: String
    public var amountMinor: Int64

    public init(market: String, currency: String, amountMinor: Int64) {
        self.market = market
        self.currency = currency
        self.amountMinor = amountMinor
    }

    /// Minor units of the currencies the markets use (ISO 4217). Vietnam's đồng and Indonesia's rupiah
    /// are priced in whole units: ISO lists IDR with two decimals, but no price or platform uses them,
    /// so ShopDesk takes none (the issue's rule; a fractional rupiah amount is refused).
    public static let minorUnits: [String: Int] = [
        "VND": 0, "IDR": 0, "JPY": 0, "KRW": 0, "THB": 2, "MYR": 2, "SGD": 2, "PHP": 2, "USD": 2, "TWD": 2, "CNY": 2, "HKD": 2, "EUR": 2,
        "GBP": 2, "AUD": 2,
    ]

    /// A price from a decimal amount as a person writes it (`"199000"`, `"19.90"`), checked against the
    /// currency's minor units and the market code.
    public static func parse(market: String, currency: String, amount: String) throws(ValidationError) -> Price {
        let market = try Market.validatedCode(market.uppercased())
        let currency = currency.uppercased()
        guard let digits = Self.minorUnits[currency] else {
            throw ValidationError(
                field: "currency", message: "unknown currency '\(currency)'; known: \(Self.minorUnits.keys.sorted().joined(separator: ", "))")
        }
        let parts = amount.trimmingCharacters(in: .whitespaces).split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int64(parts[0]), whole >= 0, parts[0].allSatisfy(\.isNumber),
            parts.count == 1 || (parts[1].count <= digits && !parts[1].isEmpty && parts[1].allSatisfy(\.isNumber))
        else {
            throw ValidationError(
                field: "amount",
                message: "amount must be a non-negative number with at most \(digits) decimal\(digits == 1 ? "" : "s") for \(currency)")
        }
        var scale: Int64 = 1
        for _ in 0..<digits { scale *= 10 }
        let fraction = parts.count == 2 ? Int64(parts[1].padding(toLength: digits, withPad: "0", startingAt: 0)) ?? 0 : 0
        let (product, overflow) = whole.multipliedReportingOverflow(by: scale)
        guard !overflow, product <= Int64.max - fraction else { throw ValidationError(field: "amount", message: "amount is too large") }
        return Price(market: market, currency: currency, amountMinor: product + fraction)
    }

    /// A JSON number as a person would write the amount (`199000`, not `199000.0`; `19.9`), for `parse`.
    public static func amountText(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(describing: number)
    }

    /// The amount written as a decimal in the currency's minor units (`"19.90"`, `"199000"`).
    public var amountText: String {
        let digits = Self.minorUnits[self.currency] ?? 2
        guard digits > 0 else { return String(self.amountMinor) }
        var scale: Int64 = 1
        for _ in 0..<digits { scale *= 10 }
        let fraction = String(self.amountMinor % scale)
        return "\(self.amountMinor / scale)." + String(repeating: "0", count: digits - fraction.count) + fraction
    }
}
