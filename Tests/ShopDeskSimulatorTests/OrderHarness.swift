import Foundation
import Logging
import ShopDeskChannels
import ShopDeskCore
import ShopDeskSimulator

/// Carries ShopDesk's platform calls straight to a simulated world (no sockets), and plays ShopDesk's
/// webhook receiver for the platforms' pushes: each is recorded and acknowledged.
struct WorldTransport: PlatformTransport {
    static let apiBase = "http://simulator.test"
    let world: SimulatedWorld
    let pushes = PushLog()

    func perform(_ request: PlatformRequest) async throws -> PlatformResponse {
        guard request.baseURL.hasPrefix(Self.apiBase + "/"),
            let platform = Platform(rawValue: String(request.baseURL.dropFirst(Self.apiBase.count + 1)))
        else {
            await self.pushes.record(request)
            return PlatformResponse(status: 200, body: [])
        }
        let answer = await self.world.handle(
            platform,
            SimulatorRequest(method: request.method.rawValue, path: request.path, query: request.query, headers: request.headers, body: request.body))
        return PlatformResponse(status: answer.status, headers: answer.headers, body: answer.body)
    }
}

/// The pushes the platforms sent, in order.
actor PushLog {
    private(set) var bodies: [String] = []

    func record(_ request: PlatformRequest) {
        self.bodies.append(String(decoding: request.body, as: UTF8.self))
    }

    /// Pushes naming an order.
    func about(_ orderID: String) -> [String] {
        self.bodies.filter { $0.contains("\"\(orderID)\"") }
    }
}

/// A simulator with one TikTok Shop (VN), Shopee (MY) and Lazada (TH) shop, each listing one SKU with 20
/// units, and the ShopDesk channel accounts that call them.
struct OrderHarness {
    static let sku = "TEE-RED-M"
    static let marketplaces: [Platform] = [.tiktokShop, .shopee, .lazada]
    let simulator: Simulator
    let transport: WorldTransport
    let accounts: [Platform: SimulatedAccount]

    static func make() async throws -> OrderHarness {
        let simulator = try Simulator(
            options: SimulatorOptions(platforms: Self.marketplaces, scenario: try Scenario.bundled("quiet"), failureRate: 0, seed: 7),
            logger: Logger(label: "order-tests"))
        var accounts: [Platform: SimulatedAccount] = [:]
        for (index, platform) in Self.marketplaces.enumerated() {
            let market = ["VN", "MY", "TH"][index]
            let id = "ca-\(platform.rawValue)"
            let account = SimulatedAccount(
                platform: platform, channelAccountID: id, name: "Shop \(market)", market: market, webhookURL: "http://shopdesk.test/webhooks/\(id)",
                credentials: SimulatedAccount.makeCredentials(for: platform, apiBaseURL: WorldTransport.apiBase), languages: ["en"])
            await simulator.world.add(account)
            let product = String(1_000_000_007 * (index + 1))
            await simulator.world.addListing(
                SimulatedListing(productID: product, skuID: product + "1", sellerSKU: Self.sku, title: "Red T-shirt M", stock: 20), account: id)
            accounts[platform] = account
        }
        return OrderHarness(simulator: simulator, transport: WorldTransport(world: simulator.world), accounts: accounts)
    }

    var client: PlatformClient { PlatformClient(transport: self.transport) }

    func account(_ platform: Platform) -> SimulatedAccount { self.accounts[platform]! }

    /// ShopDesk's view of the simulated shop.
    func channelAccount(_ platform: Platform) -> ChannelAccount {
        let account = self.account(platform)
        return ChannelAccount(
            id: ChannelAccount.ID(account.channelAccountID), workspaceID: Workspace.ID("ws-1"), platform: platform, name: account.name,
            market: account.market, timeZone: "Asia/Bangkok", credentialFields: Array(account.credentials.keys), createdAt: Date())
    }

    func credentials(_ platform: Platform) -> ChannelCredentials { ChannelCredentials(self.account(platform).credentials) }

    /// Sells `quantity` units on the platform's shop, pushed as the platform does.
    func sell(_ quantity: Int64, on platform: Platform) async throws -> SimulatedOrder {
        let account = self.account(platform)
        let listing = await self.simulator.world.listings(of: account.channelAccountID)[0]
        guard let order = try await self.simulator.sell(quantity, of: listing.skuID, on: account, transport: self.transport) else {
            throw PlatformAPIError("the simulated shop would not sell")
        }
        return order
    }

    /// Reads one order through ShopDesk's order reader.
    func read(_ orderID: String, on platform: Platform) async throws -> ChannelOrder? {
        try await self.client.orders([orderID], account: self.channelAccount(platform), credentials: self.credentials(platform)).first
    }

    /// The order as ShopDesk stores it after reading it.
    func stored(_ order: ChannelOrder, on platform: Platform) -> Order {
        Order(
            id: Order.ID("o-\(order.orderID)"), workspaceID: Workspace.ID("ws-1"), channelAccountID: order.channelAccountID, platform: platform,
            externalID: order.orderID, status: OrderLifecycle.status(platform: platform, platformStatus: order.platformStatus) ?? .awaitingShipment,
            platformStatus: order.platformStatus, lines: order.lines.map { Order.Line($0, held: $0.quantity) }, currency: order.currency,
            totalMinor: order.totalMinor, buyerPlatformUserID: order.buyerPlatformUserID, cashOnDelivery: order.cashOnDelivery,
            shipBy: order.shipBy, updatedAt: Date())
    }
}
