import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import ShopDeskChannels
@testable import ShopDeskCore
@testable import ShopDeskServer
@testable import ShopDeskStore

/// One platform's push for the route tests: credentials to create the account with, a genuine body,
/// and how to sign a body.
struct PlatformPush: Sendable, CustomTestStringConvertible {
    var platform: Platform
    var credentials: [String: String]
    var body: String
    /// Header name and value that sign `body` with `secret` (the credential that is the key).
    var sign: @Sendable (_ body: [UInt8], _ credentials: [String: String]) -> (String, String)
    /// The credential field holding the signing key, to sign with another secret.
    var keyField: String
    /// What the push stores: a message (visible as a conversation) or another event.
    var storesMessage: Bool

    var testDescription: String { self.platform.rawValue }

    static let all: [PlatformPush] = [
        PlatformPush(
            platform: .tiktokShop,
            credentials: ["app_key": "tts-key", "app_secret": "tts-secret", "shop_id": "7495540735365777507", "access_token": "t"],
            body:
                #"{"type":1,"tts_notification_id":"7380066284010030890","shop_id":"7495540735365777507","timestamp":1718305585,"data":{"order_id":"576653688135258178","order_status":"UNPAID","update_time":1718305585}}"#,
            sign: { body, c in ("Authorization", PlatformSignature.tiktokShopWebhook(appKey: c["app_key"]!, appSecret: c["app_secret"]!, body: body))
            },
            keyField: "app_secret", storesMessage: false
        ),
        PlatformPush(
            platform: .shopee,
            credentials: [
                "partner_id": "2001887", "partner_key": "shopee-key", "shop_id": "14701711", "access_token": "t",
                "callback_url": "https://desk.example.com/webhooks/shopee/x",
            ],
            body:
                #"{"msg_id":"m1","shop_id":14701711,"code":10,"timestamp":1760000000,"data":{"type":"message","region":"MY","content":{"message_id":"2191290123","conversation_id":"99887766","from_id":555,"from_user_name":"aisyah_b","to_id":14701711,"to_user_name":"kedai","from_shop_id":0,"to_shop_id":14701711,"message_type":"text","content":{"text":"Ada stok saiz M?"},"created_timestamp":1760000000,"status":"normal"}}}"#,
            sign: { body, c in
                ("Authorization", PlatformSignature.shopeePush(callbackURL: c["callback_url"]!, body: body, partnerKey: c["partner_key"]!))
            },
            keyField: "partner_key", storesMessage: true
        ),
        PlatformPush(
            platform: .lazada,
            credentials: ["app_key": "laz-key", "app_secret": "laz-secret", "access_token": "t"],
            body:
                #"{"seller_id":"1001","message_type":0,"data":{"order_status":"pending","trade_order_id":"260422","trade_order_line_id":"1","status_update_time":1760000000},"timestamp":1760000000,"site":"lazada_th"}"#,
            sign: { body, c in ("Authorization", PlatformSignature.lazadaPush(appKey: c["app_key"]!, appSecret: c["app_secret"]!, body: body)) },
            keyField: "app_secret", storesMessage: false
        ),
        PlatformPush(
            platform: .facebook,
            credentials: ["app_secret": "fb-secret", "verify_token": "fb-verify", "page_access_token": "t", "page_id": "PAGE1"],
            body:
                #"{"object":"page","entry":[{"id":"PAGE1","time":1760000000000,"messaging":[{"sender":{"id":"PSID42"},"recipient":{"id":"PAGE1"},"timestamp":1760000000000,"message":{"mid":"m_abc","text":"Còn hàng không ạ?"}}]}]}"#,
            sign: { body, c in ("X-Hub-Signature-256", PlatformSignature.meta(appSecret: c["app_secret"]!, body: body)) },
            keyField: "app_secret", storesMessage: true
        ),
        PlatformPush(
            platform: .instagram,
            credentials: ["app_secret": "ig-secret", "verify_token": "ig-verify", "page_access_token": "t", "page_id": "PAGE2"],
            body:
                #"{"object":"instagram","entry":[{"id":"IG1","time":1760000000,"changes":[{"field":"comments","value":{"id":"c_123","from":{"id":"U9","username":"minh.nguyen"},"text":"Giá bao nhiêu?","media":{"id":"MEDIA7","media_product_type":"REELS"}}}]}]}"#,
            sign: { body, c in ("X-Hub-Signature-256", PlatformSignature.meta(appSecret: c["app_secret"]!, body: body)) },
            keyField: "app_secret", storesMessage: true
        ),
        PlatformPush(
            platform: .whatsapp,
            credentials: ["app_secret": "wa-secret", "verify_token": "wa-verify", "access_token": "t", "phone_number_id": "PN1"],
            body:
                #"{"object":"whatsapp_business_account","entry":[{"id":"WABA1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"6591234567","phone_number_id":"PN1"},"contacts":[{"profile":{"name":"Siti"},"wa_id":"6598765432"}],"messages":[{"from":"6598765432","id":"wamid.HBg1","timestamp":"1760000000","type":"text","text":{"body":"Boleh hantar ke Johor?"}}]}}]}]}"#,
            sign: { body, c in ("X-Hub-Signature-256", PlatformSignature.meta(appSecret: c["app_secret"]!, body: body)) },
            keyField: "app_secret", storesMessage: true
        ),
        PlatformPush(
            platform: .line,
            credentials: ["channel_secret": "line-secret", "channel_access_token": "t"],
            body:
                #"{"destination":"Uabc","events":[{"type":"message","mode":"active","timestamp":1760000000000,"source":{"type":"user","userId":"U4af4980629"},"replyToken":"r1","webhookEventId":"01H","message":{"id":"444573844083572737","type":"text","text":"มีสีดำไหมคะ"}}]}"#,
            sign: { body, c in ("X-Line-Signature", PlatformSignature.line(channelSecret: c["channel_secret"]!, body: body)) },
            keyField: "channel_secret", storesMessage: true
        ),
    ]
}

@Suite("Platform webhooks")
struct WebhookRouteTests {
    /// Creates the account through the API; returns its id and webhook path.
    static func account(_ push: PlatformPush, client: any TestClientProtocol, app: TestApp) async throws -> (String, String) {
        let created = try await client.json(
            .post, "/api/v1/channels", token: app.ownerToken,
            body: [
                "platform": push.platform.rawValue, "name": "\(push.platform.rawValue) shop", "market": "MY", "credentials": push.credentials,
            ])
        #expect(created.status == .created, "\(created.raw)")
        return (try #require(created["id"] as? String), try #require(created["webhook_path"] as? String))
    }

    static func post(_ client: any TestClientProtocol, path: String, body: [UInt8], header: (String, String)?) async throws -> HTTPResponse.Status {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if let (name, value) = header { headers[HTTPField.Name(name)!] = value }
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: body)).status
    }

    /// What is stored for the account: conversations with messages, and other webhook events.
    static func stored(_ app: TestApp, channel: String) async throws -> (messages: Int, events: Int) {
        let settings = app.settings
        return try await SQLStore.withStore(
            try settings.databaseLocation(), secrets: try SecretBox.load(environmentKey: nil, dataDirectory: settings.dataDirectory),
            logger: TestApp.logger
        ) { store in
            let counts = try await store.webhookEventCounts(channel: ChannelAccount.ID(rawValue: channel))
            return (counts.messages, counts.orders + counts.fetches + counts.raw)
        }
    }

    @Test(
        "a genuine push is stored once however often it comes; a tampered or wrongly signed one gets 401 and stores nothing",
        arguments: PlatformPush.all)
    func genuineTamperedRedelivered(push: PlatformPush) async throws {
        try await TestApp.run { app, client in
            let (channel, path) = try await Self.account(push, client: client, app: app)
            let body = Array(push.body.utf8)

            var tampered = body
            tampered[tampered.count / 2] ^= 0x01
            var otherKey = push.credentials
            otherKey[push.keyField] = "another-secret"
            #expect(try await Self.post(client, path: path, body: body, header: push.sign(body, otherKey)) == .unauthorized)
            #expect(try await Self.post(client, path: path, body: tampered, header: push.sign(body, push.credentials)) == .unauthorized)
            #expect(try await Self.post(client, path: path, body: body, header: nil) == .unauthorized)
            let before = try await Self.stored(app, channel: channel)
            #expect(before.messages == 0 && before.events == 0)

            for _ in 0..<3 {
                #expect(try await Self.post(client, path: path, body: body, header: push.sign(body, push.credentials)) == .ok)
            }
            let after = try await Self.stored(app, channel: channel)
            if push.storesMessage {
                #expect(after.messages == 1)
                let list = try await client.json(.get, "/api/v1/conversations?channel_account_id=\(channel)", token: app.ownerToken)
                #expect((list["items"] as? [Any])?.count == 1)
            } else {
                #expect(after.events == before.events + 1)
            }
        }
    }

    @Test("unknown platforms and channel accounts, and the wrong platform in the path, are 404")
    func unknownTargets() async throws {
        try await TestApp.run { app, client in
            let push = PlatformPush.all[0]
            let (channel, _) = try await Self.account(push, client: client, app: app)
            let body = Array(push.body.utf8)
            #expect(
                try await Self.post(client, path: "/webhooks/myspace/\(channel)", body: body, header: push.sign(body, push.credentials)) == .notFound)
            #expect(
                try await Self.post(client, path: "/webhooks/shopee/\(channel)", body: body, header: push.sign(body, push.credentials)) == .notFound)
            #expect(
                try await Self.post(client, path: "/webhooks/tiktok-shop/nope", body: body, header: push.sign(body, push.credentials)) == .notFound)
        }
    }

    @Test("Meta's verification handshake echoes the challenge only for the right token")
    func metaHandshake() async throws {
        try await TestApp.run { app, client in
            let push = PlatformPush.all.first { $0.platform == .facebook }!
            let (_, path) = try await Self.account(push, client: client, app: app)
            let good = try await client.execute(
                uri: "\(path)?hub.mode=subscribe&hub.verify_token=fb-verify&hub.challenge=1158201444", method: .get, headers: [:], body: nil)
            #expect(good.status == .ok)
            #expect(String(buffer: good.body) == "1158201444")
            let bad = try await client.execute(
                uri: "\(path)?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1", method: .get, headers: [:], body: nil)
            #expect(bad.status == .forbidden)
        }
    }

    @Test("random and truncated bodies get 4xx, never 5xx", arguments: PlatformPush.all)
    func fuzz(push: PlatformPush) async throws {
        try await TestApp.run { app, client in
            let (_, path) = try await Self.account(push, client: client, app: app)
            var generator = SplitMix64(seed: UInt64(push.platform.rawValue.utf8.reduce(0) { $0 &* 31 &+ UInt64($1) }))
            var bodies: [[UInt8]] = stride(from: 0, to: push.body.utf8.count, by: 11).map { Array(push.body.utf8.prefix($0)) }
            for _ in 0..<60 {
                bodies.append((0..<Int.random(in: 0...300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) })
            }
            bodies += [
                Array("{}".utf8), Array("[]".utf8), Array("null".utf8),
                Array(#"{"type":"x","code":"y","message_type":[],"object":5,"events":{}}"#.utf8),
            ]
            for body in bodies {
                // Signed correctly, so the decoder itself is exercised, and unsigned.
                for header in [push.sign(body, push.credentials), nil] {
                    let status = try await Self.post(client, path: path, body: body, header: header)
                    #expect(status.code < 500, "\(push.platform.rawValue): \(status) for \(String(decoding: body, as: UTF8.self))")
                }
            }
        }
    }
}
