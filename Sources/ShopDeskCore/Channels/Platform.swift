import Foundation

/// The platforms a channel account can belong to. Raw values are the ids used in URLs, the API and the CLI.
public enum Platform: String, Sendable, Hashable, Codable, CaseIterable {
    case tiktokShop = "tiktok-shop"
    case shopee
    case lazada
    case facebook
    case instagram
    case whatsapp
    case line
    /// The seller's own site or app, posting signed messages to the API.
    case custom

    /// A buyer's platform user id is their phone number (WhatsApp's `wa_id`), so it is personal data to
    /// mask like any phone number.
    public var userIDIsPhoneNumber: Bool {
        self == .whatsapp
    }

    /// Meta's platforms check a webhook URL with a `GET` subscription handshake before they push to it
    /// (platforms.md §4.1).
    public var verifiesWebhookSubscription: Bool {
        [.facebook, .instagram, .whatsapp].contains(self)
    }

    /// The credential fields a channel account of this platform must have, and those it may have.
    /// `api_base_url` is optional everywhere so that an account can point at the simulator.
    public var credentialFields: (required: [String], optional: [String]) {
        switch self {
        case .tiktokShop:
            (["app_key", "app_secret", "shop_id", "access_token"], ["shop_cipher", "api_base_url"])
        case .shopee:
            (["partner_id", "partner_key", "shop_id", "access_token", "callback_url"], ["api_base_url"])
        case .lazada:
            (["app_key", "app_secret", "access_token"], ["seller_id", "api_base_url"])
        case .facebook:
            (["app_secret", "verify_token", "page_access_token", "page_id"], ["api_base_url"])
        case .instagram:
            (["app_secret", "verify_token", "page_access_token", "page_id"], ["instagram_account_id", "api_base_url"])
        case .whatsapp:
            (["app_secret", "verify_token", "access_token", "phone_number_id"], ["waba_id", "api_base_url"])
        case .line:
            (["channel_secret", "channel_access_token"], ["api_base_url"])
        case .custom:
            (["signing_secret"], ["api_base_url"])
        }
    }
}
