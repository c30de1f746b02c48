import Foundation
import ShopDeskCore
import Testing

@testable import ShopDeskChannels

/// LINE Messaging API pushes (platforms.md §5) from the samples in `Fixtures/`.
@Suite("LINE webhooks")
struct LineWebhookTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var fixture: String
        var expected: [InboundEvent]

        var testDescription: String { self.fixture }
    }

    static let account = WebhookFixtures.account(.line)
    static let buyer = "U4af4980629e3c1b0f8d2e7a6b5c4d3e2"
    static func milliseconds(_ value: Double) -> Date { Date(timeIntervalSince1970: value / 1000) }

    static let cases: [Case] = [
        Case(
            fixture: "line-text",
            expected: [
                .message(
                    IncomingMessage(
                        channelAccountID: account.id, conversationExternalID: buyer, conversationKind: .direct,
                        buyer: BuyerProfile(platformUserID: buyer), platformMessageID: "546870713247317012", contentType: .text,
                        text: "สวัสดีครับ เสื้อตัวนี้มีสีดำไหมครับ", platformAt: milliseconds(1_767_250_800_456)
                    ))
            ]),
        // In a group the thread is the group and the buyer the member who sent the sticker.
        Case(
            fixture: "line-sticker",
            expected: [
                .message(
                    IncomingMessage(
                        channelAccountID: account.id, conversationExternalID: "Ca56f94637c1e2b3d4f5a6b7c8d9e0f12", conversationKind: .direct,
                        buyer: BuyerProfile(platformUserID: buyer), platformMessageID: "546870713247399981", contentType: .sticker, text: nil,
                        attachments: [Attachment(kind: .sticker, referenceID: "11537:52002734")], platformAt: milliseconds(1_767_251_100_789)
                    ))
            ]),
        Case(
            fixture: "line-image",
            expected: [
                .message(
                    IncomingMessage(
                        channelAccountID: account.id, conversationExternalID: "Rb1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6", conversationKind: .direct,
                        buyer: BuyerProfile(platformUserID: "U9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b"), platformMessageID: "546870713247400102",
                        contentType: .image, text: nil, attachments: [Attachment(kind: .image, referenceID: "546870713247400102")],
                        platformAt: milliseconds(1_767_251_400_123)
                    )),
                .message(
                    IncomingMessage(
                        channelAccountID: account.id, conversationExternalID: "U9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b", conversationKind: .direct,
                        buyer: BuyerProfile(platformUserID: "U9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b"), platformMessageID: "546870713247400555",
                        contentType: .other, text: "ร้านของฉัน\n1 ถนนสุขุมวิท แขวงคลองเตย เขตคลองเตย กรุงเทพมหานคร 10110",
                        platformAt: milliseconds(1_767_251_460_000)
                    )),
            ]),
        Case(fixture: "line-follow", expected: [.unrecognized(kind: "line.follow"), .unrecognized(kind: "line.unfollow")]),
        // The console's "Verify" button.
        Case(fixture: "line-verify", expected: []),
    ]

    static let fixtures = cases.map(\.fixture)

    // MARK: Decoding

    @Test("each sample push decodes to the events it means", arguments: cases)
    func decodes(_ sample: Case) throws {
        let events = try LineWebhook().decode(try WebhookFixtures.bytes(sample.fixture), account: Self.account)
        #expect(events == sample.expected)
    }

    @Test("LINE gets the LINE decoder")
    func registry() {
        #expect(Webhooks.decoder(for: .line) is LineWebhook)
    }

    @Test("an image from an external provider keeps its URL")
    func externalImage() throws {
        let body =
            #"{"destination":"U1","events":[{"type":"message","timestamp":1767250800000,"source":{"type":"user","userId":"U2"},"message":{"type":"image","id":"9","contentProvider":{"type":"external","originalContentUrl":"https://cdn.example/a.jpg","previewImageUrl":"https://cdn.example/a-s.jpg"}}}]}"#
        let events = try LineWebhook().decode(Array(body.utf8), account: Self.account)
        guard case .message(let message) = events.first else {
            Issue.record("expected a message, got \(events)")
            return
        }
        #expect(message.attachments == [Attachment(kind: .image, url: "https://cdn.example/a.jpg", referenceID: "9")])
    }

    @Test(
        "a body that is not a LINE push is refused",
        arguments: [
            "", "not json", "[]", #"{}"#, #"{"destination": "U1"}"#, #"{"destination": "U1", "events": {}}"#,
        ])
    func refuses(body: String) {
        #expect(throws: WebhookDecodingError.self) {
            try LineWebhook().decode(Array(body.utf8), account: Self.account)
        }
    }

    // MARK: Signature (§5)

    static let credentials = ChannelCredentials(["channel_secret": "8c1f2e3d4b5a69780f1e2d3c4b5a6978", "channel_access_token": "token"])

    static func request(_ body: [UInt8], signature: String?) -> WebhookRequest {
        WebhookRequest(headers: signature.map { ["X-Line-Signature": $0] } ?? [:], body: body)
    }

    @Test("a push verifies with the channel secret, and not with another secret, a changed byte or no header", arguments: fixtures)
    func signature(fixture: String) throws {
        let body = try WebhookFixtures.bytes(fixture)
        let secret = try #require(Self.credentials["channel_secret"])
        let signature = PlatformSignature.line(channelSecret: secret, body: body)
        let line = LineWebhook()
        #expect(line.verify(Self.request(body, signature: signature), credentials: Self.credentials))
        let other = PlatformSignature.line(channelSecret: "9c1f2e3d4b5a69780f1e2d3c4b5a6978", body: body)
        #expect(!line.verify(Self.request(body, signature: other), credentials: Self.credentials))
        var tampered = Self.request(body, signature: signature)
        tampered.body[tampered.body.count / 2] ^= 0x01
        #expect(!line.verify(tampered, credentials: Self.credentials))
        #expect(!line.verify(Self.request(body, signature: nil), credentials: Self.credentials))
        #expect(!line.verify(Self.request(body, signature: signature), credentials: ChannelCredentials(["channel_access_token": "token"])))
        // Base64 is case-sensitive, unlike the hex the other platforms send.
        #expect(!line.verify(Self.request(body, signature: signature.lowercased()), credentials: Self.credentials))
    }

    @Test("the signature is checked against the published vector")
    func vector() {
        let request = Self.request(Array("bodybodybodybody".utf8), signature: "/gg9a+LvFevTH1sd7XCQycD7tsWclCsInj7MhBHxN7k=")
        #expect(LineWebhook().verify(request, credentials: ChannelCredentials(["channel_secret": "channel_secret"])))
    }

    // MARK: Odd bodies

    @Test("a cut-off push is refused, never a crash", arguments: fixtures)
    func truncated(fixture: String) throws {
        for prefix in WebhookFixtures.truncations(of: try WebhookFixtures.bytes(fixture)) {
            switch WebhookFixtures.decode(LineWebhook(), prefix, account: Self.account) {
            case .success(let events):
                #expect((try? JSONSerialization.jsonObject(with: Data(prefix))) != nil)
                WebhookFixtures.expectWellFormed(events, account: Self.account)
            case .failure(let error):
                #expect(!error.message.isEmpty)
            }
        }
    }

    @Test("a push with fields dropped or retyped decodes what it can, never a crash", arguments: fixtures)
    func mutated(fixture: String) throws {
        for body in WebhookFixtures.mutations(of: try WebhookFixtures.bytes(fixture), count: 100, seed: 0x4C49_4E45) {
            if case .success(let events) = WebhookFixtures.decode(LineWebhook(), body, account: Self.account) {
                WebhookFixtures.expectWellFormed(events, account: Self.account)
            }
        }
    }

    @Test("random bytes from a seeded generator decode or are refused, never a crash")
    func random() {
        var decoded = 0
        for body in WebhookFixtures.randomBodies(count: 200, seed: 0x5EED_0005) {
            if case .success(let events) = WebhookFixtures.decode(LineWebhook(), body, account: Self.account) {
                WebhookFixtures.expectWellFormed(events, account: Self.account)
                decoded += events.count
            }
        }
        // Some bodies must get through the parser to events, or the decoder's field reading went untested.
        #expect(decoded > 0)
    }
}
