import Foundation
import ShopDeskCore

/// Meta's webhooks for Messenger, Instagram and WhatsApp Cloud: one signature, one handshake and one
/// `{object, entry[]}` envelope for all three (platforms.md §4.1–§4.3).
///
/// Public, unlike the other decoders, because the webhook route also answers Meta's GET handshake.
public struct MetaWebhook: WebhookDecoder {
    /// `.facebook`, `.instagram` or `.whatsapp`: which of Meta's `object`s this account receives.
    public let platform: Platform

    public init(platform: Platform) {
        self.platform = platform
    }

    /// `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>` (§4.2).
    public func verify(_ request: WebhookRequest, credentials: ChannelCredentials) -> Bool {
        // An empty key is a key anyone can sign with.
        guard let secret = credentials["app_secret"], !secret.isEmpty else { return false }
        let expected = PlatformSignature.meta(appSecret: secret, body: request.body)
        return PlatformSignature.matches(request.header("X-Hub-Signature-256"), expected: expected)
    }

    /// The GET subscription handshake (§4.1): the `hub.challenge` to answer with 200 when `hub.mode` is
    /// `subscribe` and `hub.verify_token` is the account's verify token; nil means answer 403.
    public static func handshake(mode: String?, verifyToken: String?, challenge: String?, credentials: ChannelCredentials) -> String? {
        guard mode == "subscribe", let challenge,
            let expected = credentials["verify_token"], !expected.isEmpty,
            PlatformSignature.matches(verifyToken, expected: expected, caseInsensitiveHex: false)
        else { return nil }
        return challenge
    }

    public func decode(_ body: [UInt8], account: ChannelAccount) throws(WebhookDecodingError) -> [InboundEvent] {
        let push = try JSONValue.parse(body)
        guard let object = push["object"] as? String, !object.isEmpty else {
            throw WebhookDecodingError("a Meta push needs an `object`")
        }
        guard let entries = push["entry"] as? [Any] else {
            throw WebhookDecodingError("a Meta push needs an `entry` array")
        }
        // One Meta app may send several objects, but each product has its own callback URL; another
        // object here is a misconfigured callback, and its events belong to some other account.
        guard object == self.expectedObject else {
            return [.unrecognized(kind: "\(self.prefix).object.\(object)")]
        }
        var events: [InboundEvent] = []
        for raw in entries {
            guard let entry = MetaEntry(raw) else {
                events.append(.unrecognized(kind: "\(self.prefix).entry.malformed"))
                continue
            }
            switch self.platform {
            case .whatsapp: events += self.whatsAppEntry(entry, account: account)
            default: events += self.pageEntry(entry, account: account)
            }
        }
        return events
    }

    /// The `object` Meta names this account's platform with (§4.3).
    var expectedObject: String {
        switch self.platform {
        case .instagram: "instagram"
        case .whatsapp: "whatsapp_business_account"
        default: "page"
        }
    }

    /// Prefix of `.unrecognized` kinds, so a stored raw push says where it came from.
    var prefix: String { self.platform.rawValue }

    func incomplete(_ what: String) -> InboundEvent {
        .unrecognized(kind: "\(self.prefix).\(what).incomplete")
    }
}

/// One `entry[]` item: the page, Instagram account or WhatsApp Business Account it is about, and its
/// `messaging[]`/`standby[]` events or `changes[]`.
struct MetaEntry {
    var id: String?
    var time: Date?
    var fields: [String: Any]

    init?(_ raw: Any) {
        guard let fields = raw as? [String: Any] else { return nil }
        self.fields = fields
        self.id = JSONValue.string(fields["id"])
        // Messenger's `entry.time` is in milliseconds and Instagram's `changes` entries carry seconds
        // (both per Meta's own examples). No instant since 1973 is below 1e11 ms, and none before
        // year 5000 is above it in seconds, so the size tells them apart.
        if let time = JSONValue.date(fields["time"]) {
            let number = time.timeIntervalSince1970
            self.time = number >= 1e11 ? Date(timeIntervalSince1970: number / 1000) : time
        }
    }
}
