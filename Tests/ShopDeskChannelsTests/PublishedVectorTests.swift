import Testing

@testable import ShopDeskChannels

/// The test vectors of `shared/platforms.md` §7, each with its source there.
@Suite("Published signing vectors")
struct PublishedVectorTests {
    @Test("TikTok Shop API sign (vector 1, official)")
    func tiktokShopAPI() {
        let sign = PlatformSignature.tiktokShopAPI(
            path: "/authorization/202309/shops",
            query: [("app_key", "29a39d"), ("timestamp", "1623812664"), ("sign", "ignored"), ("access_token", "ignored")],
            body: [], appSecret: "e59af819cc"
        )
        #expect(sign == "b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8")
    }

    @Test(
        "TikTok Shop webhook Authorization (vectors 2, official, and 3, derived)",
        arguments: [
            (
                "abcdef", "123",
                #"{"type":1,"tts_notification_id":"7380066284010030890","shop_id":"7495540735365777507","timestamp":1718305585,"data":{"is_on_hold_order":true,"order_id":"576653688135258178","order_status":"UNPAID","update_time":1718305585}}"#,
                "5dec0f11ec2f6783b8deee53c9ffbf8d024302f7c7e7fa55a35d17629031ac05"
            ),
            (
                "fake_app_key", "fake_app_secret",
                #"{"type":1,"shop_id":"7494726673780148744","timestamp":1664095733,"data":{"order_id":"576684019603311365","order_status":"AWAITING_SHIPMENT","update_time":1664095610}}"#,
                "21109834de72ec53c9959716d8514ae388ce1f123e5ffdcafc46713fcdf62b27"
            ),
        ])
    func tiktokShopWebhook(appKey: String, secret: String, body: String, expected: String) {
        #expect(PlatformSignature.tiktokShopWebhook(appKey: appKey, appSecret: secret, body: Array(body.utf8)) == expected)
    }

    @Test("Shopee push Authorization (vector 4, derived from the SDK's test inputs)")
    func shopeePush() {
        let sign = PlatformSignature.shopeePush(callbackURL: "http://localhost/webhook", body: Array("HELLO".utf8), partnerKey: "PARTNER_KEY")
        #expect(sign == "b43c7e4cad148d440597015f1da5a0b9335895110ca4399785593bbf6e0e329e")
    }

    @Test("Lazada API sign (vector 5, official; uppercase hex)")
    func lazadaAPI() {
        let sign = PlatformSignature.lazadaAPI(
            apiPath: "/order/get",
            parameters: [
                ("timestamp", "1517820392000"), ("order_id", "1234"), ("app_key", "123456"), ("sign_method", "sha256"), ("access_token", "test"),
            ],
            appSecret: "helloworld"
        )
        #expect(sign == "4190D32361CFB9581350222F345CB77F3B19F0E31D162316848A2C1FFD5FAB4A")
    }

    @Test("LINE X-Line-Signature (vector 6, official SDK)")
    func line() {
        #expect(
            PlatformSignature.line(channelSecret: "channel_secret", body: Array("bodybodybodybody".utf8))
                == "/gg9a+LvFevTH1sd7XCQycD7tsWclCsInj7MhBHxN7k=")
    }

    @Test("Meta X-Hub-Signature-256 (vector 7, SDK)")
    func meta() {
        #expect(
            PlatformSignature.meta(appSecret: "secret", body: Array("test".utf8))
                == "sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914")
    }

    @Test("ShopDesk's X-ShopDesk-Signature is Meta's scheme (vector 7)")
    func custom() {
        #expect(
            PlatformSignature.custom(signingSecret: "secret", body: Array("test".utf8))
                == "sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914")
    }

    @Test("Lazada push Authorization is TikTok Shop's webhook scheme (vector 2)")
    func lazadaPush() {
        let body =
            #"{"type":1,"tts_notification_id":"7380066284010030890","shop_id":"7495540735365777507","timestamp":1718305585,"data":{"is_on_hold_order":true,"order_id":"576653688135258178","order_status":"UNPAID","update_time":1718305585}}"#
        #expect(
            PlatformSignature.lazadaPush(appKey: "abcdef", appSecret: "123", body: Array(body.utf8))
                == "5dec0f11ec2f6783b8deee53c9ffbf8d024302f7c7e7fa55a35d17629031ac05")
    }

    @Test("signatures compare whole, whatever the hex case")
    func comparison() {
        let expected = PlatformSignature.tiktokShopWebhook(appKey: "k", appSecret: "s", body: Array("{}".utf8))
        #expect(PlatformSignature.matches(expected.uppercased(), expected: expected))
        #expect(!PlatformSignature.matches(String(expected.dropLast()), expected: expected))
        #expect(!PlatformSignature.matches(nil, expected: expected))
        let flipped = String(expected.dropLast()) + (expected.hasSuffix("0") ? "1" : "0")
        #expect(!PlatformSignature.matches(flipped, expected: expected))
        let line = PlatformSignature.line(channelSecret: "channel_secret", body: Array("bodybodybodybody".utf8))
        #expect(!PlatformSignature.matches(line.lowercased(), expected: line, caseInsensitiveHex: false))
    }
}
