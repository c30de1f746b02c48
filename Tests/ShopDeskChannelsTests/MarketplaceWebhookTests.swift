import Foundation
import ShopDeskCore
import Testing

@testable import ShopDeskChannels

/// TikTok Shop, Shopee and Lazada pushes (platforms.md §1.5, §2.4, §3.3): how they are timed and signed.
@Suite("Marketplace webhooks")
struct MarketplaceWebhookTests {
    /// When a push says something happened, as (the event's own time, the envelope's time, the time
    /// expected); nil expected means the push is incomplete. A 0 is how these platforms write "unset".
    static let timings: [(own: Int?, pushed: Int?, expected: Int?)] = [
        (1_760_000_000, 1_760_000_060, 1_760_000_000),
        (nil, 1_760_000_060, 1_760_000_060),
        (0, 1_760_000_060, 1_760_000_060),
        (nil, nil, nil),
        (0, 0, nil),
    ]

    /// `,"name":value`, or nothing when the value is absent.
    static func field(_ name: String, _ value: Int?) -> String {
        value.map { #","\#(name)":\#($0)"# } ?? ""
    }

    static func decode(_ platform: Platform, _ body: String) throws -> [InboundEvent] {
        let decoder = try #require(Webhooks.decoder(for: platform))
        return try decoder.decode(Array(body.utf8), account: WebhookFixtures.account(platform))
    }

    // MARK: Shopee webchat (§2.4)

    static func shopeeMessage(created: Int?, pushed: Int?) -> String {
        #"{"msg_id":"m1","shop_id":14701711,"code":10"# + Self.field("timestamp", pushed)
            + #","data":{"type":"message","region":"MY","content":{"message_id":"2191290123","conversation_id":"99887766","from_id":555,"from_user_name":"aisyah_b","to_id":14701711,"to_user_name":"kedai","from_shop_id":0,"to_shop_id":14701711,"message_type":"text","content":{"text":"Ada stok saiz M?"}"#
            + Self.field("created_timestamp", created) + #","status":"normal"}}}"#
    }

    @Test(
        "a Shopee chat message is timed by its created_timestamp, else by the push's timestamp, and without either is incomplete", arguments: timings)
    func shopeeMessageTime(own: Int?, pushed: Int?, expected: Int?) throws {
        let events = try Self.decode(.shopee, Self.shopeeMessage(created: own, pushed: pushed))
        guard let expected else {
            #expect(events == [.unrecognized(kind: "shopee.10.message.incomplete")])
            return
        }
        #expect(
            events == [
                .message(
                    IncomingMessage(
                        channelAccountID: WebhookFixtures.account(.shopee).id, conversationExternalID: "99887766", conversationKind: .direct,
                        buyer: BuyerProfile(platformUserID: "555", displayName: "aisyah_b"), platformMessageID: "2191290123",
                        contentType: .text, text: "Ada stok saiz M?", platformAt: Date(timeIntervalSince1970: TimeInterval(expected))
                    ))
            ])
    }

    // MARK: Order status

    /// Each platform's order-status push, its order id and status, and its `.unrecognized` kind prefix.
    static func orderPush(_ platform: Platform, own: Int?, pushed: Int?) -> (body: String, order: String, status: String, kind: String) {
        switch platform {
        case .tiktokShop:
            (
                #"{"type":1,"tts_notification_id":"7380066284010030890","shop_id":"7495540735365777507""# + Self.field("timestamp", pushed)
                    + #","data":{"order_id":"576653688135258178","order_status":"UNPAID""# + Self.field("update_time", own) + "}}",
                "576653688135258178", "UNPAID", "tiktok-shop.1"
            )
        case .shopee:
            (
                #"{"shop_id":14701711,"code":3"# + Self.field("timestamp", pushed)
                    + #","data":{"ordersn":"251011ABCDEF12","status":"READY_TO_SHIP""# + Self.field("update_time", own) + "}}",
                "251011ABCDEF12", "READY_TO_SHIP", "shopee.3"
            )
        default:
            (
                #"{"seller_id":"1001","message_type":0,"data":{"order_status":"pending","trade_order_id":"260422","trade_order_line_id":"1""#
                    + Self.field("status_update_time", own) + "}" + Self.field("timestamp", pushed) + #","site":"lazada_th"}"#,
                "260422", "pending", "lazada.0"
            )
        }
    }

    @Test(
        "an order push is timed by the order's update time, else by the push's timestamp, and without either is incomplete, never 1970",
        arguments: [Platform.tiktokShop, .shopee, .lazada], timings)
    func orderTime(platform: Platform, timing: (own: Int?, pushed: Int?, expected: Int?)) throws {
        let push = Self.orderPush(platform, own: timing.own, pushed: timing.pushed)
        let events = try Self.decode(platform, push.body)
        guard let expected = timing.expected else {
            #expect(events == [.unrecognized(kind: push.kind + ".incomplete")])
            return
        }
        #expect(
            events == [
                .order(
                    OrderEvent(
                        channelAccountID: WebhookFixtures.account(platform).id, orderID: push.order, status: push.status,
                        at: Date(timeIntervalSince1970: TimeInterval(expected))
                    ))
            ])
    }

    @Test("an order push without its order id or status is incomplete", arguments: [Platform.tiktokShop, .shopee, .lazada])
    func orderWithoutID(platform: Platform) throws {
        let push = Self.orderPush(platform, own: 1_760_000_000, pushed: 1_760_000_060)
        let withoutStatus = push.body.replacingOccurrences(of: #""\#(push.status)""#, with: "null")
        let withoutOrder = push.body.replacingOccurrences(of: #""\#(push.order)""#, with: #""""#)
        #expect(try Self.decode(platform, withoutStatus) == [.unrecognized(kind: push.kind + ".incomplete")])
        #expect(try Self.decode(platform, withoutOrder) == [.unrecognized(kind: push.kind + ".incomplete")])
    }

    @Test(
        "TikTok Shop's address, cancellation and return pushes and Lazada's reverse-order push each ask for their order (commerce-platforms.md §1.2, §3.2)",
        arguments: [
            (
                Platform.tiktokShop,
                #"{"type":3,"shop_id":"7494","timestamp":1760000060,"data":{"order_id":"576653688135258178","update_time":1760000000}}"#,
                "tiktok-shop.3"
            ),
            (
                .tiktokShop,
                #"{"type":11,"tts_notification_id":"n11","shop_id":"7494","timestamp":1760000060,"data":{"order_id":"576653688135258178","cancellations_role":"BUYER","cancel_status":"CANCELLATION_REQUEST_PENDING","cancel_id":"4035","create_time":1760000000}}"#,
                "CANCELLATION_REQUEST_PENDING"
            ),
            (
                .tiktokShop,
                #"{"type":12,"tts_notification_id":"n12","shop_id":"7494","timestamp":1760000060,"data":{"order_id":"576653688135258178","return_role":"BUYER","return_type":"REFUND","return_status":"RETURN_OR_REFUND_REQUEST_PENDING","return_id":"4036","create_time":1759990000,"update_time":1760000000}}"#,
                "RETURN_OR_REFUND_REQUEST_PENDING"
            ),
            (
                .lazada,
                #"{"seller_id":"1001","message_type":10,"timestamp":1760000060,"site":"lazada_th","data":{"reverse_order_id":"9","reverse_order_line_id":"91","reverse_status":"CANCEL_INIT","trade_order_id":"576653688135258178","trade_order_line_id":"1","buyer_id":"5","seller_id":"1001","status_update_time":1760000000}}"#,
                "CANCEL_INIT"
            ),
        ])
    func afterSalePushes(platform: Platform, body: String, status: String) throws {
        #expect(
            try Self.decode(platform, body) == [
                .order(
                    OrderEvent(
                        channelAccountID: WebhookFixtures.account(platform).id, orderID: "576653688135258178", status: status,
                        at: Date(timeIntervalSince1970: 1_760_000_000)))
            ])
    }

    // MARK: Signatures

    static func request(_ body: [UInt8], authorization: String?) -> WebhookRequest {
        WebhookRequest(headers: authorization.map { ["Authorization": $0] } ?? [:], body: body)
    }

    @Test(
        "TikTok Shop and Lazada pushes verify with app_key and app_secret, and not with another secret or key, a changed byte, no header or an empty secret",
        arguments: [Platform.tiktokShop, .lazada])
    func appKeySigned(platform: Platform) throws {
        let decoder = try #require(Webhooks.decoder(for: platform))
        let body = Array(Self.orderPush(platform, own: 1_760_000_000, pushed: 1_760_000_060).body.utf8)
        let credentials = ChannelCredentials(["app_key": "29a39d", "app_secret": "e59af819cc", "access_token": "t"])
        func sign(key: String, secret: String, _ body: [UInt8]) -> String {
            platform == .lazada
                ? PlatformSignature.lazadaPush(appKey: key, appSecret: secret, body: body)
                : PlatformSignature.tiktokShopWebhook(appKey: key, appSecret: secret, body: body)
        }
        #expect(decoder.verify(Self.request(body, authorization: sign(key: "29a39d", secret: "e59af819cc", body)), credentials: credentials))
        #expect(!decoder.verify(Self.request(body, authorization: sign(key: "29a39d", secret: "e59af819cd", body)), credentials: credentials))
        #expect(!decoder.verify(Self.request(body, authorization: sign(key: "29a39e", secret: "e59af819cc", body)), credentials: credentials))
        var tampered = Self.request(body, authorization: sign(key: "29a39d", secret: "e59af819cc", body))
        tampered.body[tampered.body.count / 2] ^= 0x01
        #expect(!decoder.verify(tampered, credentials: credentials))
        #expect(!decoder.verify(Self.request(body, authorization: nil), credentials: credentials))
        let emptySecret = ChannelCredentials(["app_key": "29a39d", "app_secret": ""])
        #expect(!decoder.verify(Self.request(body, authorization: sign(key: "29a39d", secret: "", body)), credentials: emptySecret))
    }

    @Test("a Shopee push verifies over the configured callback_url, and not without one")
    func shopeeSigned() throws {
        let decoder = try #require(Webhooks.decoder(for: .shopee))
        let body = Array(Self.shopeeMessage(created: 1_760_000_000, pushed: 1_760_000_060).utf8)
        let url = "https://desk.example.com/webhooks/shopee/acct-shopee"
        let signature = PlatformSignature.shopeePush(callbackURL: url, body: body, partnerKey: "shopee-key")
        let credentials = ["partner_id": "2001887", "partner_key": "shopee-key", "shop_id": "14701711", "access_token": "t"]
        var withURL = credentials
        withURL["callback_url"] = url
        #expect(decoder.verify(Self.request(body, authorization: signature), credentials: ChannelCredentials(withURL)))
        withURL["callback_url"] = "http://localhost/webhooks/shopee/acct-shopee"
        #expect(!decoder.verify(Self.request(body, authorization: signature), credentials: ChannelCredentials(withURL)))
        #expect(!decoder.verify(Self.request(body, authorization: signature), credentials: ChannelCredentials(credentials)))
    }
}
