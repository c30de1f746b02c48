import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import ShopDeskChannels
import ShopDeskCore
import Synchronization

/// Connecting the simulated platforms to ShopDesk: its channel accounts, and what a seller sets up.
extension Simulator {
    // MARK: Connecting to ShopDesk

    /// Creates one channel account per platform in ShopDesk through its API (with an owner's or an
    /// admin's token), each pointed at this simulator, and plays the platform for them.
    public func connect(shopDesk: String, token: String, transport: any PlatformTransport) async throws -> [SimulatedAccount] {
        // The platform knows a shop's credentials before ShopDesk is given them: ShopDesk may call its
        // APIs as soon as the account exists (its first order and shop-figure reads).
        let world = self.world
        let accounts = try await Self.createAccounts(
            self.options.platforms, apiBaseURL: await self.apiBaseURL(), shopDesk: shopDesk, token: token, transport: transport,
            beforeCreating: { await world.add($0) },
            didCreate: { provisional, account in
                await world.remove(provisional.channelAccountID)
                await world.add(account)
            })
        return accounts
    }

    /// The market each simulated platform's account sells in.
    static let markets: [Platform: String] = [
        .tiktokShop: "VN", .shopee: "MY", .lazada: "TH", .facebook: "PH", .instagram: "ID", .whatsapp: "SG", .line: "TH", .custom: "VN",
    ]

    /// Creates one channel account per platform in ShopDesk through its API, with generated credentials
    /// whose send and read APIs are at `apiBaseURL`: what `connect` does, and what a load test needs
    /// without a simulator running.
    ///
    /// - Parameters:
    ///   - beforeCreating: told of each account (with a provisional id) before ShopDesk is, so that the
    ///     platform side can answer ShopDesk's first calls.
    ///   - didCreate: told of the provisional account and the account as ShopDesk created it.
    public static func createAccounts(
        _ platforms: [Platform], apiBaseURL: String, shopDesk: String, token: String, transport: any PlatformTransport,
        beforeCreating: @Sendable (SimulatedAccount) async -> Void = { _ in },
        didCreate: @Sendable (SimulatedAccount, SimulatedAccount) async -> Void = { _, _ in }
    ) async throws -> [SimulatedAccount] {
        let base = shopDesk.hasSuffix("/") ? String(shopDesk.dropLast()) : shopDesk
        var accounts: [SimulatedAccount] = []
        for platform in platforms {
            let market = Self.markets[platform] ?? "SG"
            var credentials = SimulatedAccount.makeCredentials(for: platform, apiBaseURL: apiBaseURL)
            let provisional = SimulatedAccount(
                platform: platform, channelAccountID: "provisional-\(UUID().uuidString)", name: "Simulated \(platform.rawValue) \(market)",
                market: market, webhookURL: "", credentials: credentials, languages: Market.buyerLanguages(for: market))
            await beforeCreating(provisional)
            let created = try await Self.call(
                transport, "POST", base + "/api/v1/channels", token: token,
                body: [
                    "platform": platform.rawValue, "name": "Simulated \(platform.rawValue) \(market)", "market": market, "credentials": credentials,
                ]
            )
            guard let id = created["id"] as? String, let path = created["webhook_path"] as? String else {
                throw SimulatorError.shopDesk("creating a \(platform.rawValue) channel account gave no id")
            }
            if platform == .shopee {
                // Shopee signs its pushes over the registered callback URL.
                credentials["callback_url"] = base + path
                _ = try await Self.call(transport, "PATCH", base + "/api/v1/channels/\(id)", token: token, body: ["credentials": credentials])
            }
            let account = SimulatedAccount(
                platform: platform, channelAccountID: id, name: "Simulated \(platform.rawValue) \(market)", market: market,
                webhookURL: base + path, credentials: credentials, languages: Market.buyerLanguages(for: market))
            await didCreate(provisional, account)
            accounts.append(account)
        }
        return accounts
    }

    /// What the WhatsApp buyer who wrote 25 hours ago asked (`prepareWhatsAppFollowUps`).
    public static let followUpQuestion = "Do you still have the blue one in size M?"

    /// Registers in ShopDesk the templates Meta approved for each connected WhatsApp number (as a seller
    /// copies them from WhatsApp Manager), and has one buyer on each whose last message is 25 hours old,
    /// so that only a template can answer them. Returns those buyers' messages.
    @discardableResult
    public func prepareWhatsAppFollowUps(shopDesk: String, token: String, transport: any PlatformTransport) async throws -> [SentBuyerMessage] {
        let base = shopDesk.hasSuffix("/") ? String(shopDesk.dropLast()) : shopDesk
        var waiting: [SentBuyerMessage] = []
        for account in await self.world.allAccounts() where account.platform == .whatsapp {
            for template in SimulatedWorld.approvedWhatsAppTemplates {
                _ = try await Self.call(
                    transport, "POST", base + "/api/v1/channels/\(account.channelAccountID)/whatsapp-templates", token: token,
                    body: ["name": template.name, "language": template.language, "category": template.category, "body": template.body]
                )
            }
            // A number of its own, so that live traffic never writes again and reopens the window.
            let buyer = SentBuyerMessage(
                channelAccountID: account.channelAccountID, conversationID: "6590000025", buyerID: "6590000025", messageID: "")
            waiting.append(
                try await self.sendBuyerMessage(
                    Self.followUpQuestion, to: account, conversation: buyer, at: Date().addingTimeInterval(-25 * 3600), transport: transport))
        }
        return waiting
    }

    static func call(
        _ transport: any PlatformTransport, _ method: String, _ url: String, token: String, body: [String: Any]
    ) async throws -> [String: Any] {
        let (status, answer, text) = try await Self.exchange(
            transport, method == "PATCH" ? .patch : .post, url, token: token, body: body)
        guard (200..<300).contains(status) else { throw SimulatorError.shopDesk("\(method) \(url) answered \(status): \(text)") }
        return answer
    }

    /// One call to ShopDesk's API with a token: its status, its JSON answer and the answer as text.
    static func exchange(
        _ transport: any PlatformTransport, _ method: PlatformRequest.Method, _ url: String, token: String, body: [String: Any]? = nil,
        headers: [String: String] = [:]
    ) async throws -> (status: Int, json: [String: Any], text: String) {
        let request = PlatformRequest(
            method: method, baseURL: url, path: "",
            headers: headers.merging(["authorization": "Bearer \(token)", "content-type": "application/json"]) { $1 },
            body: try body.map { Array(try JSONSerialization.data(withJSONObject: $0)) } ?? []
        )
        let response = try await transport.perform(request)
        return (
            response.status, (try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]) ?? [:],
            String(decoding: response.body, as: UTF8.self)
        )
    }
}
