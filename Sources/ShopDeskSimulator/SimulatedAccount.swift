import Foundation
import ShopDeskCore

/// One shop, page, number or channel the simulator plays the platform for, and the ShopDesk channel
/// account it pushes to. Its credentials are made up per run: ShopDesk signs with them, the simulator
/// checks with them.
public struct SimulatedAccount: Sendable, Hashable {
    public var platform: Platform
    /// ShopDesk's channel account id.
    public var channelAccountID: String
    public var name: String
    public var market: String
    /// Where this account's pushes go: ShopDesk's `/webhooks/{platform}/{id}`.
    public var webhookURL: String
    public var credentials: [String: String]
    /// The languages its buyers write in (its market's, `Market.buyerLanguages`).
    public var languages: [String]

    public init(
        platform: Platform, channelAccountID: String, name: String, market: String, webhookURL: String, credentials: [String: String],
        languages: [String]
    ) {
        self.platform = platform
        self.channelAccountID = channelAccountID
        self.name = name
        self.market = market
        self.webhookURL = webhookURL
        self.credentials = credentials
        self.languages = languages
    }

    /// The shop's own id on the platform (Shopee shop, Lazada seller, Meta page, WhatsApp number…).
    var shopID: String {
        self.credentials["shop_id"] ?? self.credentials["seller_id"] ?? self.credentials["page_id"]
            ?? self.credentials["phone_number_id"] ?? self.channelAccountID
    }

    /// Fresh credentials for an account of `platform` whose API calls go to `apiBaseURL`. Shopee signs
    /// its pushes over the callback URL, which is only known once ShopDesk has created the account, so
    /// it is filled in afterwards.
    public static func makeCredentials(for platform: Platform, apiBaseURL: String) -> [String: String] {
        var fields: [String: String]
        switch platform {
        case .tiktokShop:
            fields = [
                "app_key": Self.token(12), "app_secret": Self.token(32), "shop_id": Self.digits(19), "access_token": Self.token(40),
                "shop_cipher": "ROW_" + Self.token(24),
            ]
        case .shopee:
            fields = [
                "partner_id": Self.digits(7), "partner_key": Self.token(64), "shop_id": Self.digits(9), "access_token": Self.token(32),
                "callback_url": "http://127.0.0.1/pending",
            ]
        case .lazada:
            fields = ["app_key": Self.digits(6), "app_secret": Self.token(32), "access_token": Self.token(40), "seller_id": Self.digits(10)]
        case .facebook, .instagram:
            fields = [
                "app_secret": Self.token(32), "verify_token": Self.token(16), "page_access_token": "EAA" + Self.token(60),
                "page_id": Self.digits(15),
            ]
            if platform == .instagram { fields["instagram_account_id"] = "1784" + Self.digits(13) }
        case .whatsapp:
            fields = [
                "app_secret": Self.token(32), "verify_token": Self.token(16), "access_token": "EAA" + Self.token(60),
                "phone_number_id": Self.digits(15), "waba_id": Self.digits(15),
            ]
        case .line:
            fields = ["channel_secret": Self.token(32), "channel_access_token": Self.token(80)]
        case .custom:
            fields = ["signing_secret": Self.token(32)]
        }
        fields["api_base_url"] = apiBaseURL + "/" + platform.rawValue
        return fields
    }

    static func token(_ length: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<length).map { _ in alphabet.randomElement()! })
    }

    static func digits(_ length: Int) -> String {
        String((0..<length).map { index in Character(String(Int.random(in: index == 0 ? 1...9 : 0...9))) })
    }
}
