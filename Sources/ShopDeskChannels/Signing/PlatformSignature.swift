import Crypto
import Foundation

/// Every platform's request and webhook signatures, exactly as `shared/platforms.md` states them.
///
/// Each function takes the exact bytes that travel on the wire: platforms sign the raw body, and
/// re-serialised JSON would not match (Meta escapes non-ASCII as `\uXXXX`, for one).
public enum PlatformSignature {
    // MARK: TikTok Shop

    /// TikTok Shop Open API `sign` (platforms.md §1.4, partner.tiktokshop.com/docv2/page/sign-your-api-request):
    /// query parameters except `sign` and `access_token`, sorted by key byte-wise, as `{key}{value}`,
    /// after the path, followed by the body unless the request is multipart, wrapped in the app secret
    /// on both sides; lowercase hex HMAC-SHA256 keyed with the app secret.
    public static func tiktokShopAPI(
        path: String, query: [(key: String, value: String)], body: [UInt8], isMultipart: Bool = false, appSecret: String
    ) -> String {
        var message = Array(appSecret.utf8) + Array(path.utf8)
        let parameters = query.filter { $0.key != "sign" && $0.key != "access_token" }
            .sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
        for parameter in parameters {
            message += Array(parameter.key.utf8) + Array(parameter.value.utf8)
        }
        if !isMultipart { message += body }
        message += Array(appSecret.utf8)
        return Self.hex(Self.hmac(message, key: appSecret))
    }

    /// TikTok Shop webhook `Authorization` (§1.5): lowercase hex HMAC-SHA256(app_secret, app_key + body).
    public static func tiktokShopWebhook(appKey: String, appSecret: String, body: [UInt8]) -> String {
        Self.appKeySigned(appKey: appKey, appSecret: appSecret, body: body)
    }

    // MARK: Shopee

    /// Shopee Open Platform v2 `sign` (§2.3): hex HMAC-SHA256(partner_key, partner_id + path + timestamp
    /// [+ access_token + shop_id or merchant_id]). The body is not signed.
    public static func shopeeAPI(
        partnerID: String, path: String, timestamp: Int, accessToken: String? = nil, shopID: String? = nil, partnerKey: String
    ) -> String {
        var base = partnerID + path + String(timestamp)
        if let accessToken, let shopID { base += accessToken + shopID }
        return Self.hex(Self.hmac(Array(base.utf8), key: partnerKey))
    }

    /// Shopee push `Authorization` (§2.4, SDK-sourced; no official v2 text was found):
    /// hex HMAC-SHA256(partner_key, callback_url + "|" + body).
    public static func shopeePush(callbackURL: String, body: [UInt8], partnerKey: String) -> String {
        Self.hex(Self.hmac(Array((callbackURL + "|").utf8) + body, key: partnerKey))
    }

    // MARK: Lazada

    /// Lazada Open Platform `sign` (§3.2): every parameter except `sign`, sorted by name in ASCII order, as
    /// `keyvalue` after the API path, then the body if any; UPPERCASE hex HMAC-SHA256 keyed with the app secret.
    public static func lazadaAPI(apiPath: String, parameters: [(key: String, value: String)], body: [UInt8] = [], appSecret: String) -> String {
        var message = Array(apiPath.utf8)
        for parameter in parameters.filter({ $0.key != "sign" }).sorted(by: { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }) {
            message += Array(parameter.key.utf8) + Array(parameter.value.utf8)
        }
        message += body
        return Self.hex(Self.hmac(message, key: appSecret)).uppercased()
    }

    /// Lazada push `Authorization` (§3.3): hex HMAC-SHA256(app_secret, app_key + body).
    public static func lazadaPush(appKey: String, appSecret: String, body: [UInt8]) -> String {
        Self.appKeySigned(appKey: appKey, appSecret: appSecret, body: body)
    }

    /// TikTok Shop's and Lazada's push scheme, one and the same (§1.5, §3.3).
    private static func appKeySigned(appKey: String, appSecret: String, body: [UInt8]) -> String {
        Self.hex(Self.hmac(Array(appKey.utf8) + body, key: appSecret))
    }

    // MARK: Meta and LINE

    /// Meta `X-Hub-Signature-256` (§4.2): `sha256=` + lowercase hex HMAC-SHA256(app_secret, body).
    public static func meta(appSecret: String, body: [UInt8]) -> String {
        Self.sha256Prefixed(body, key: appSecret)
    }

    /// LINE `X-Line-Signature` (§5): base64 HMAC-SHA256(channel_secret, body).
    public static func line(channelSecret: String, body: [UInt8]) -> String {
        Data(Self.hmac(body, key: channelSecret)).base64EncodedString()
    }

    // MARK: ShopDesk's own

    /// ShopDesk's `X-ShopDesk-Signature`: `sha256=` + lowercase hex HMAC-SHA256(signing secret, body), the
    /// same form as Meta's. It signs what a custom channel posts to ShopDesk and what ShopDesk's alert
    /// webhooks post out.
    public static func custom(signingSecret: String, body: [UInt8]) -> String {
        Self.sha256Prefixed(body, key: signingSecret)
    }

    /// Meta's and ShopDesk's scheme: `sha256=` + lowercase hex HMAC-SHA256(key, body).
    private static func sha256Prefixed(_ body: [UInt8], key: String) -> String {
        "sha256=" + Self.hex(Self.hmac(body, key: key))
    }

    // MARK: Comparing

    /// Compares a presented signature with the expected one in time that does not depend on where they
    /// differ. Hex is compared case-insensitively (platforms differ in case); anything else byte-wise.
    public static func matches(_ presented: String?, expected: String, caseInsensitiveHex: Bool = true) -> Bool {
        guard let presented else { return false }
        let lhs = Array((caseInsensitiveHex ? presented.lowercased() : presented).utf8)
        let rhs = Array((caseInsensitiveHex ? expected.lowercased() : expected).utf8)
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices {
            difference |= lhs[index] ^ rhs[index]
        }
        return difference == 0
    }

    static func hmac(_ message: [UInt8], key: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(key.utf8))))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
