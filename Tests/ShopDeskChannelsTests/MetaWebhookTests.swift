import Foundation
import ShopDeskCore
import Testing

@testable import ShopDeskChannels

/// Messenger, Instagram and WhatsApp pushes (platforms.md §4) from the samples in `Fixtures/`.
@Suite("Meta webhooks")
struct MetaWebhookTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var fixture: String
        var platform: Platform
        var expected: [InboundEvent]

        var testDescription: String { "\(self.fixture) as \(self.platform.rawValue)" }
    }

    static let page = "104857362910473"
    static let psid = "7302918465120934"
    static let post = "104857362910473_122103456789012345"

    static func account(_ platform: Platform) -> ChannelAccount.ID { WebhookFixtures.account(platform).id }
    static func milliseconds(_ value: Double) -> Date { Date(timeIntervalSince1970: value / 1000) }
    static func seconds(_ value: Double) -> Date { Date(timeIntervalSince1970: value) }

    static let cases: [Case] = [
        Case(
            fixture: "messenger-text", platform: .facebook,
            expected: [
                .message(
                    IncomingMessage(
                        channelAccountID: account(.facebook), conversationExternalID: psid, conversationKind: .direct,
                        buyer: BuyerProfile(platformUserID: psid),
                        platformMessageID: "m_7RkQx2bV9cY3nL0pW8sT4uHgJ1aE6fD5mZyKoNiXqB3rC0vA9tU2wS8eP7lM4hG1jF6dK5",
                        contentType: .text, text: "Shop ơi, áo này còn size M không ạ?", platformAt: milliseconds(1_767_225_599_876)
                    ))
            ]),
        Case(
            fixture: "messenger-echo", platform: .facebook,
            expected: [
                .message(
                    IncomingMessage(
                        channelAccountID: account(.facebook), conversationExternalID: psid, conversationKind: .direct,
                        buyer: BuyerProfile(platformUserID: psid),
                        platformMessageID: "m_Zp3Kc8wY1qT6nB0vR5xL2hJ9dF4sG7aE3mU8iO1yW6tQ0rP5kN2cV9bX4zM7lH1gD",
                        senderKind: .agent, contentType: .text, text: "Dạ còn ạ, chị lấy màu be hay màu đen ạ?",
                        platformAt: milliseconds(1_767_225_658_201)
                    ))
            ]),
        Case(
            fixture: "messenger-image", platform: .facebook,
            expected: [
                .message(
                    IncomingMessage(
                        channelAccountID: account(.facebook), conversationExternalID: psid, conversationKind: .direct,
                        buyer: BuyerProfile(platformUserID: psid),
                        platformMessageID: "m_Ht4Lw9pC2xV7nR0bK5sQ8jF3mY6dA1zE4gU9iT2oW7cN0vB5lP8kX3hS6rJ1qM4fZ",
                        contentType: .image, text: nil,
                        attachments: [
                            Attachment(
                                kind: .image,
                                url: "https://scontent.xx.fbcdn.net/v/t1.15752-9/471234567_1029384756_n.jpg?_nc_cat=101&oh=00_AbC&oe=67A1B2C3"),
                            Attachment(
                                kind: .image,
                                url: "https://scontent.xx.fbcdn.net/v/t1.15752-9/471234568_1029384757_n.jpg?_nc_cat=101&oh=00_DeF&oe=67A1B2C4"),
                        ],
                        platformAt: milliseconds(1_767_226_799_512)
                    ))
            ]),
        Case(
            fixture: "messenger-sticker-standby", platform: .facebook,
            expected: [
                .message(
                    IncomingMessage(
                        channelAccountID: account(.facebook), conversationExternalID: psid, conversationKind: .direct,
                        buyer: BuyerProfile(platformUserID: psid),
                        platformMessageID: "m_Ux6Bn1rT8yK3wE0qL5vH2cJ7pA4sZ9dG1mF6iO3xR8tN0bW5kQ2hY7lC4gV9jP1eM",
                        contentType: .sticker, text: nil,
                        attachments: [
                            Attachment(
                                kind: .sticker,
                                url: "https://scontent.xx.fbcdn.net/v/t39.1997-6/39178562_1505197616293642_5411344281094848512_n.png?_nc_cat=1",
                                referenceID: "369239263222822"
                            )
                        ],
                        platformAt: milliseconds(1_767_226_998_004)
                    ))
            ]),
        Case(
            fixture: "messenger-delivery", platform: .facebook,
            expected: [
                "m_Zp3Kc8wY1qT6nB0vR5xL2hJ9dF4sG7aE3mU8iO1yW6tQ0rP5kN2cV9bX4zM7lH1gD",
                "m_Fa8Dq3nX6wL1pB9cT4yR7kH0vJ5sM2gE8iU3oZ6tA1rW4bN9lQ0hY5xC2mK7jG3fP",
            ].map {
                .delivery(
                    DeliveryUpdate(
                        channelAccountID: account(.facebook), platformMessageID: $0, status: .delivered, at: milliseconds(1_767_225_698_765)))
            }),
        // The read receipt is skipped: it names no message.
        Case(
            fixture: "messenger-other-events", platform: .facebook,
            expected: [
                .unrecognized(kind: "facebook.reaction"),
                .unrecognized(kind: "facebook.postback"),
            ]),
        Case(
            fixture: "facebook-feed-comment", platform: .facebook,
            expected: [
                .message(
                    IncomingMessage(
                        channelAccountID: account(.facebook), conversationExternalID: post + ":6598123047781234", conversationKind: .commentThread,
                        subject: post, buyer: BuyerProfile(platformUserID: "6598123047781234", displayName: "สมชาย ใจดี"),
                        platformMessageID: "122103456789012345_1187654321098765", contentType: .text,
                        text: "ตัวนี้มีไซส์ L ไหมครับ ส่งเชียงใหม่กี่วัน", platformAt: seconds(1_767_229_199)
                    )),
                .message(
                    IncomingMessage(
                        channelAccountID: account(.facebook), conversationExternalID: post + ":" + page, conversationKind: .commentThread,
                        subject: post, buyer: BuyerProfile(platformUserID: page, displayName: "Ami Fashion Shop"),
                        platformMessageID: "122103456789012345_1187654321098999", senderKind: .agent, contentType: .text,
                        text: "มีค่ะ ส่ง 2-3 วันค่ะ ทักแชทได้เลยนะคะ", platformAt: seconds(1_767_229_260)
                    )),
                .unrecognized(kind: "facebook.feed.reaction.add"),
            ]),
        Case(
            fixture: "instagram-comment", platform: .instagram,
            expected: [
                .message(
                    IncomingMessage(
                        channelAccountID: account(.instagram), conversationExternalID: "18012345678901234:17841401234567890",
                        conversationKind: .commentThread, subject: "18012345678901234",
                        buyer: BuyerProfile(platformUserID: "17841401234567890", displayName: "lin.xiaomei"),
                        platformMessageID: "17887654321098765", contentType: .text, text: "请问这个颜色还有现货吗？寄到台北要几天？",
                        platformAt: seconds(1_767_232_800)
                    ))
            ]),
        Case(
            fixture: "instagram-live-comment", platform: .instagram,
            expected: [
                .message(
                    IncomingMessage(
                        channelAccountID: account(.instagram), conversationExternalID: "18098765432109876:17841409876543210",
                        conversationKind: .livestream, subject: "18098765432109876",
                        buyer: BuyerProfile(platformUserID: "17841409876543210", displayName: "thu.trang.9x"),
                        platformMessageID: "17899988877766655", contentType: .text, text: "Chốt đơn 2 cái váy hoa size S nha shop",
                        platformAt: seconds(1_767_236_400)
                    )),
                .unrecognized(kind: "instagram.mentions"),
            ]),
        Case(
            fixture: "instagram-dm", platform: .instagram,
            expected: [
                .message(
                    IncomingMessage(
                        channelAccountID: account(.instagram), conversationExternalID: "1254459154682919", conversationKind: .direct,
                        buyer: BuyerProfile(platformUserID: "1254459154682919"),
                        platformMessageID:
                            "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDA1ODIyMzA0OTE0OjM0MDI4MjM2Njg0MTcxMDMwMDk0OTEyODE3NzIyMDk4NjMxMjc3NTozMTc4MjkzNDAxMjM0NTY3ODkwNTQzMjEwOTg3NjU0MzIxMAZDZD",
                        contentType: .text, text: "สั่งสองชิ้นมีส่วนลดไหมคะ", platformAt: milliseconds(1_767_239_999_870)
                    ))
            ]),
        // A page push at an Instagram account's callback belongs to another account: kept, not attributed.
        Case(fixture: "messenger-text", platform: .instagram, expected: [.unrecognized(kind: "instagram.object.page")]),
        Case(
            fixture: "whatsapp-text", platform: .whatsapp,
            expected: [
                .message(
                    IncomingMessage(
                        channelAccountID: account(.whatsapp), conversationExternalID: "84912345678", conversationKind: .direct,
                        buyer: BuyerProfile(platformUserID: "84912345678", displayName: "Nguyễn Thị Lan"),
                        platformMessageID: "wamid.HBgLODQ5MTIzNDU2NzgVAgASGBQzRUIwQzFBOTg3RjY1NDMyMTBBQgA=", contentType: .text,
                        text: "Cho mình đặt 2 hộp bánh pía, giao quận 7 nhé", platformAt: seconds(1_767_243_600)
                    ))
            ]),
        Case(
            fixture: "whatsapp-image", platform: .whatsapp,
            expected: [
                .message(
                    IncomingMessage(
                        channelAccountID: account(.whatsapp), conversationExternalID: "886912345678", conversationKind: .direct,
                        buyer: BuyerProfile(platformUserID: "886912345678", displayName: "陈美玲"),
                        platformMessageID: "wamid.HBgMODg2OTEyMzQ1Njc4FQIAEhggNUE3QjlDMUQzRTVGNzA5MUEyQjNDNEQ1RTZGNzA4OQA=", contentType: .image,
                        text: "这个包装破了，可以换货吗？",
                        attachments: [Attachment(kind: .image, mimeType: "image/jpeg", referenceID: "1198745603216789")],
                        platformAt: seconds(1_767_247_200)
                    )),
                .message(
                    IncomingMessage(
                        channelAccountID: account(.whatsapp), conversationExternalID: "886912345678", conversationKind: .direct,
                        buyer: BuyerProfile(platformUserID: "886912345678", displayName: "陈美玲"),
                        platformMessageID: "wamid.HBgMODg2OTEyMzQ1Njc4FQIAEhggOUM4QjdBNkY1RTREM0MyQjFBMDk4NzY1NDMyMTBGRQA=", contentType: .other,
                        text: nil,
                        attachments: [Attachment(kind: .file, mimeType: "application/pdf", name: "訂單截圖.pdf", referenceID: "3405918726354412")],
                        platformAt: seconds(1_767_247_230)
                    )),
            ]),
        Case(
            fixture: "whatsapp-status-failed", platform: .whatsapp,
            expected: [
                .delivery(
                    DeliveryUpdate(
                        channelAccountID: account(.whatsapp), platformMessageID: "wamid.HBgLODQ5MTIzNDU2NzgVAgARGBJBMUIyQzNENEU1RjYwNzE4MjkA",
                        status: .failed, at: seconds(1_767_330_000),
                        error:
                            "Re-engagement message (131047): Message failed to send because more than 24 hours have passed since the customer last replied to this number."
                    ))
            ]),
        Case(
            fixture: "whatsapp-statuses", platform: .whatsapp,
            expected: [
                (Message.DeliveryStatus.sent, 1_767_243_660), (.delivered, 1_767_243_661), (.read, 1_767_243_720),
            ].map { status, at in
                .delivery(
                    DeliveryUpdate(
                        channelAccountID: account(.whatsapp), platformMessageID: "wamid.HBgLODQ5MTIzNDU2NzgVAgARGBI5RjhFN0Q2QzVCNEEzOTI4MTcA",
                        status: status, at: seconds(at)
                    ))
            } + [.unrecognized(kind: "whatsapp.status.deleted")]),
    ]

    static let fixtures: [(String, Platform)] = [
        ("messenger-text", .facebook), ("messenger-echo", .facebook), ("messenger-image", .facebook),
        ("messenger-sticker-standby", .facebook), ("messenger-delivery", .facebook), ("messenger-other-events", .facebook),
        ("facebook-feed-comment", .facebook), ("instagram-comment", .instagram), ("instagram-live-comment", .instagram),
        ("instagram-dm", .instagram), ("whatsapp-text", .whatsapp), ("whatsapp-image", .whatsapp),
        ("whatsapp-status-failed", .whatsapp), ("whatsapp-statuses", .whatsapp),
    ]

    // MARK: Decoding

    @Test("each sample push decodes to the events it means", arguments: cases)
    func decodes(_ sample: Case) throws {
        let body = try WebhookFixtures.bytes(sample.fixture)
        let events = try MetaWebhook(platform: sample.platform).decode(body, account: WebhookFixtures.account(sample.platform))
        #expect(events == sample.expected)
    }

    @Test("every Meta platform gets the Meta decoder", arguments: [Platform.facebook, .instagram, .whatsapp])
    func registry(platform: Platform) {
        #expect((Webhooks.decoder(for: platform) as? MetaWebhook)?.platform == platform)
    }

    @Test(
        "a body that is not a Meta push is refused",
        arguments: [
            "", "not json", "[]", "\"page\"", #"{}"#, #"{"entry": []}"#, #"{"object": "page"}"#, #"{"object": "", "entry": []}"#,
            #"{"object": "page", "entry": {}}"#, #"{"object": 7, "entry": []}"#,
        ])
    func refuses(body: String) {
        #expect(throws: WebhookDecodingError.self) {
            try MetaWebhook(platform: .facebook).decode(Array(body.utf8), account: WebhookFixtures.account(.facebook))
        }
    }

    @Test("an envelope with no entries means nothing")
    func empty() throws {
        let events = try MetaWebhook(platform: .facebook).decode(
            Array(#"{"object":"page","entry":[]}"#.utf8), account: WebhookFixtures.account(.facebook))
        #expect(events.isEmpty)
    }

    @Test("a message missing its id or sender is kept as incomplete, not dropped or invented")
    func incomplete() throws {
        let body =
            #"{"object":"page","entry":[{"id":"1","messaging":[{"recipient":{"id":"1"},"timestamp":1,"message":{"mid":"m_1","text":"hi"}},{"sender":{"id":"2"},"recipient":{"id":"1"},"timestamp":1,"message":{"text":"hi"}}]}]}"#
        let events = try MetaWebhook(platform: .facebook).decode(Array(body.utf8), account: WebhookFixtures.account(.facebook))
        #expect(events == [.unrecognized(kind: "facebook.message.incomplete"), .unrecognized(kind: "facebook.message.incomplete")])
    }

    // MARK: Signature (§4.2)

    static let credentials = ChannelCredentials([
        "app_secret": "3f9c1e7a5b2d4f60a8e1c3b5d7f90a2c", "verify_token": "ami-fashion-7d3f",
        "page_access_token": "EAAG-test", "page_id": page,
    ])

    static func request(_ body: [UInt8], signedWith secret: String?) -> WebhookRequest {
        let headers = secret.map { ["X-Hub-Signature-256": PlatformSignature.meta(appSecret: $0, body: body)] } ?? [:]
        return WebhookRequest(headers: headers, body: body)
    }

    @Test("a push verifies with the app secret, and not with another secret, a changed byte or no header", arguments: fixtures.map(\.0))
    func signature(fixture: String) throws {
        let body = try WebhookFixtures.bytes(fixture)
        let secret = try #require(Self.credentials["app_secret"])
        let meta = MetaWebhook(platform: .facebook)
        #expect(meta.verify(Self.request(body, signedWith: secret), credentials: Self.credentials))
        #expect(!meta.verify(Self.request(body, signedWith: "0f9c1e7a5b2d4f60a8e1c3b5d7f90a2c"), credentials: Self.credentials))
        var tampered = Self.request(body, signedWith: secret)
        tampered.body[tampered.body.count / 2] ^= 0x01
        #expect(!meta.verify(tampered, credentials: Self.credentials))
        #expect(!meta.verify(Self.request(body, signedWith: nil), credentials: Self.credentials))
        #expect(!meta.verify(Self.request(body, signedWith: secret), credentials: ChannelCredentials(["verify_token": "ami-fashion-7d3f"])))
    }

    @Test("the signature is checked against the published vector, and the legacy sha1 header is not enough")
    func vectorAndLegacy() {
        let body = Array("test".utf8)
        let signed = WebhookRequest(
            headers: ["x-hub-signature-256": "sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914"], body: body
        )
        #expect(MetaWebhook(platform: .whatsapp).verify(signed, credentials: ChannelCredentials(["app_secret": "secret"])))
        let legacy = WebhookRequest(headers: ["X-Hub-Signature": "sha1=1aa349585ed7ecbd3b9c486a30067e395ca4b356"], body: body)
        #expect(!MetaWebhook(platform: .whatsapp).verify(legacy, credentials: ChannelCredentials(["app_secret": "secret"])))
    }

    @Test("an empty app secret verifies nothing, even a push signed with the empty key")
    func emptySecret() {
        let body = Array("{}".utf8)
        #expect(!MetaWebhook(platform: .facebook).verify(Self.request(body, signedWith: ""), credentials: ChannelCredentials(["app_secret": ""])))
    }

    // MARK: Handshake (§4.1)

    @Test(
        "the subscription handshake echoes the challenge only for subscribe with the verify token",
        arguments: [
            ("subscribe", "ami-fashion-7d3f", "1158201444", "1158201444"),
            ("subscribe", "ami-fashion-7d3e", "1158201444", nil),
            ("subscribe", "AMI-FASHION-7D3F", "1158201444", nil),
            ("subscribe", "ami-fashion-7d3f ", "1158201444", nil),
            ("subscribe", "", "1158201444", nil),
            ("subscribe", nil, "1158201444", nil),
            ("subscribe", "ami-fashion-7d3f", nil, nil),
            ("unsubscribe", "ami-fashion-7d3f", "1158201444", nil),
            (nil, "ami-fashion-7d3f", "1158201444", nil),
        ] as [(String?, String?, String?, String?)])
    func handshake(mode: String?, token: String?, challenge: String?, expected: String?) {
        #expect(MetaWebhook.handshake(mode: mode, verifyToken: token, challenge: challenge, credentials: Self.credentials) == expected)
    }

    @Test(
        "an account without a verify token answers no handshake",
        arguments: [
            ChannelCredentials(["app_secret": "s"]), ChannelCredentials(["app_secret": "s", "verify_token": ""]),
        ])
    func handshakeWithoutToken(credentials: ChannelCredentials) {
        #expect(MetaWebhook.handshake(mode: "subscribe", verifyToken: "", challenge: "42", credentials: credentials) == nil)
        #expect(MetaWebhook.handshake(mode: "subscribe", verifyToken: nil, challenge: "42", credentials: credentials) == nil)
    }

    // MARK: Odd bodies

    @Test("a cut-off push is refused, never a crash", arguments: fixtures)
    func truncated(fixture: String, platform: Platform) throws {
        let account = WebhookFixtures.account(platform)
        for prefix in WebhookFixtures.truncations(of: try WebhookFixtures.bytes(fixture)) {
            switch WebhookFixtures.decode(MetaWebhook(platform: platform), prefix, account: account) {
            case .success(let events):
                // Only a prefix that happens to be whole JSON may decode.
                #expect((try? JSONSerialization.jsonObject(with: Data(prefix))) != nil)
                WebhookFixtures.expectWellFormed(events, account: account)
            case .failure(let error):
                #expect(!error.message.isEmpty)
            }
        }
    }

    @Test("a push with fields dropped or retyped decodes what it can, never a crash", arguments: fixtures)
    func mutated(fixture: String, platform: Platform) throws {
        let account = WebhookFixtures.account(platform)
        for body in WebhookFixtures.mutations(of: try WebhookFixtures.bytes(fixture), count: 100, seed: 0x4D45_5441) {
            if case .success(let events) = WebhookFixtures.decode(MetaWebhook(platform: platform), body, account: account) {
                WebhookFixtures.expectWellFormed(events, account: account)
            }
        }
    }

    @Test("random bytes from a seeded generator decode or are refused, never a crash", arguments: [Platform.facebook, .instagram, .whatsapp])
    func random(platform: Platform) {
        let account = WebhookFixtures.account(platform)
        var decoded = 0
        for body in WebhookFixtures.randomBodies(count: 200, seed: 0x5EED_0004) {
            if case .success(let events) = WebhookFixtures.decode(MetaWebhook(platform: platform), body, account: account) {
                WebhookFixtures.expectWellFormed(events, account: account)
                decoded += events.count
            }
        }
        // Some bodies must get through the parser to events, or the decoder's field reading went untested.
        #expect(decoded > 0)
    }
}
