import ShopDeskCore

/// A platform whose pushes carry `Authorization` = hex HMAC-SHA256(app_secret, app_key + body): TikTok Shop
/// (platforms.md §1.5) and Lazada (§3.3) sign alike, so they verify alike.
protocol AppKeySignedWebhook: WebhookDecoder {
    /// The platform's own name for the scheme in `PlatformSignature`, so each decoder says whose rule it follows.
    static func signature(appKey: String, appSecret: String, body: [UInt8]) -> String
}

extension AppKeySignedWebhook {
    func verify(_ request: WebhookRequest, credentials: ChannelCredentials) -> Bool {
        // An empty key is a key anyone can sign with.
        guard let appKey = credentials["app_key"], let secret = credentials["app_secret"], !secret.isEmpty else { return false }
        let expected = Self.signature(appKey: appKey, appSecret: secret, body: request.body)
        return PlatformSignature.matches(request.header("authorization"), expected: expected)
    }
}
