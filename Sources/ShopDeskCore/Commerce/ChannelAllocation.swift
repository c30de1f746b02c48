import Foundation

/// What one channel account may sell of the shared stock: everything available (the shared pool), at
/// most a fixed number, everything but a safety buffer held back for other channels, or nothing. A
/// listing's sellable quantity, the number pushed to the platform, follows from it and the ledger.
public enum ChannelAllocation: Sendable, Hashable {
    case shared
    case cap(Int64)
    case buffer(Int64)
    case off

    /// The quantity a listing on this channel may offer when `available` units are free to sell.
    public func sellable(available: Int64) -> Int64 {
        let free = max(available, 0)
        switch self {
        case .shared: return free
        case .cap(let cap): return min(free, max(cap, 0))
        case .buffer(let held): return max(free - max(held, 0), 0)
        case .off: return 0
        }
    }

    /// The rule's name in the API (`shared`, `cap`, `buffer`, `off`) and its quantity, when it has one.
    public var rule: (name: String, quantity: Int64?) {
        switch self {
        case .shared: ("shared", nil)
        case .cap(let cap): ("cap", cap)
        case .buffer(let held): ("buffer", held)
        case .off: ("off", nil)
        }
    }

    /// A rule from its name and quantity, or the first problem.
    public init(rule: String, quantity: Int64?) throws(ValidationError) {
        switch (rule, quantity) {
        case ("shared", nil): self = .shared
        case ("off", nil): self = .off
        case ("cap", let quantity?) where (0...1_000_000_000).contains(quantity): self = .cap(quantity)
        case ("buffer", let quantity?) where (0...1_000_000_000).contains(quantity): self = .buffer(quantity)
        case ("cap", _), ("buffer", _):
            throw ValidationError(field: "quantity", message: "\(rule) needs a quantity from 0 to 1000000000")
        case ("shared", _), ("off", _):
            throw ValidationError(field: "quantity", message: "\(rule) takes no quantity")
        default:
            throw ValidationError(field: "rule", message: "rule must be shared, cap, buffer or off")
        }
    }
}

/// A variant's listing on one channel account: the platform's ids for it (TikTok `product_id`/`sku_id`,
/// Shopee `item_id`/`model_id`, Lazada `item_id`/`SkuId`; commerce-platforms.md §1.6, §2.5, §3.5).
public struct Listing: Sendable, Hashable {
    public var channelAccountID: ChannelAccount.ID
    public var platform: Platform
    public var platformProductID: String
    public var platformSKUID: String
    /// What the listing may offer now, by the channel's allocation.
    public var sellable: Int64
    /// How far the platform has taken it.
    public var push: ListingPushState

    public init(
        channelAccountID: ChannelAccount.ID, platform: Platform, platformProductID: String, platformSKUID: String, sellable: Int64,
        push: ListingPushState = ListingPushState(acknowledged: nil, acknowledgedAt: nil, pendingSince: nil, error: nil)
    ) {
        self.channelAccountID = channelAccountID
        self.platform = platform
        self.platformProductID = platformProductID
        self.platformSKUID = platformSKUID
        self.sellable = sellable
        self.push = push
    }
}

/// A listing's ids on its platform: the product (TikTok `product_id`, Shopee `item_id`, Lazada
/// `item_id`) and the SKU within it (`sku_id`, `model_id`, `SkuId`).
public struct PlatformListingKey: Sendable, Hashable, Codable {
    public var productID: String
    public var skuID: String

    public init(productID: String, skuID: String) {
        self.productID = productID
        self.skuID = skuID
    }
}

/// A listing a channel's product import found, not linked to the catalog.
public struct UnlinkedListing: Sendable, Hashable {
    public var channelAccountID: ChannelAccount.ID
    public var key: PlatformListingKey
    /// The seller SKU the platform has for it, if any (one not in the catalog, or listed twice).
    public var sellerSKU: String?
    public var title: String

    public init(channelAccountID: ChannelAccount.ID, key: PlatformListingKey, sellerSKU: String?, title: String) {
        self.channelAccountID = channelAccountID
        self.key = key
        self.sellerSKU = sellerSKU
        self.title = title
    }
}
