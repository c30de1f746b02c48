import Foundation
import Testing

@testable import ShopDeskChannels
@testable import ShopDeskCore

/// WhatsApp templates: registered as Meta approves them, filled, and sent in the Cloud API's template shape.
@Suite("WhatsApp template messages")
struct WhatsAppTemplateSendTests {
    static let template = WhatsAppTemplate(
        id: .init(rawValue: "t1"), channelAccountID: .init(rawValue: "c1"), name: "order_follow_up", language: "th", category: .utility,
        body: "สวัสดีค่ะคุณ {{1}} ขอบคุณที่สอบถามเรื่อง {{2}}", createdAt: Date(timeIntervalSince1970: 0))

    @Test("names, language codes and numbered parameters are checked as Meta checks them")
    func validation() throws {
        #expect(throws: ValidationError.self) { try WhatsAppTemplate.validated(name: "Order-Update", language: "en", body: "Hi") }
        #expect(throws: ValidationError.self) { try WhatsAppTemplate.validated(name: "order", language: "english", body: "Hi") }
        #expect(throws: ValidationError.self) { try WhatsAppTemplate.validated(name: "order", language: "en", body: "Hi {{2}}") }
        #expect(try WhatsAppTemplate.validated(name: "order", language: "zh_CN", body: " 你好 {{1}} ").body == "你好 {{1}}")
        #expect(Self.template.parameterCount == 2)
    }

    @Test("a filled template reads as the buyer sees it; a missing or multi-line value is refused")
    func filling() throws {
        let filled = try Self.template.filled(with: ["Nok", "ไซซ์ M"])
        #expect(filled.text == "สวัสดีค่ะคุณ Nok ขอบคุณที่สอบถามเรื่อง ไซซ์ M")
        #expect(throws: ValidationError.self) { try Self.template.filled(with: ["Nok"]) }
        #expect(throws: ValidationError.self) { try Self.template.filled(with: ["Nok", "a\nb"]) }
        #expect(throws: ValidationError.self) { try Self.template.filled(with: ["Nok", "a      b"]) }
    }

    @Test("the Cloud API request names the template and language and carries the body parameters; free text stays text")
    func request() throws {
        let account = ChannelAccount(
            id: .init(rawValue: "c1"), workspaceID: .init(rawValue: "w1"), platform: .whatsapp, name: "WA", market: "TH",
            timeZone: "Asia/Bangkok", credentialFields: [], createdAt: Date(timeIntervalSince1970: 0))
        let sender = try #require(PlatformAPIs.sender(for: account))
        let credentials = ChannelCredentials(["access_token": "token", "phone_number_id": "PN1", "app_secret": "s", "verify_token": "v"])
        var reply = OutboundReply(
            messageID: .init(rawValue: "m1"), text: "ignored", conversationKind: .direct, conversationExternalID: "66812345678",
            buyerPlatformUserID: "66812345678", template: try Self.template.filled(with: ["Nok", "ไซซ์ M"]))
        let body = try #require(
            try JSONSerialization.jsonObject(with: Data(try sender.sendRequest(reply, credentials: credentials, now: Date()).body)) as? [String: Any])
        #expect(body["type"] as? String == "template")
        let template = try #require(body["template"] as? [String: Any])
        #expect(template["name"] as? String == "order_follow_up")
        #expect((template["language"] as? [String: Any])?["code"] as? String == "th")
        let parameters = (template["components"] as? [[String: Any]])?.first?["parameters"] as? [[String: Any]]
        #expect(parameters?.map { $0["text"] as? String } == ["Nok", "ไซซ์ M"])
        #expect(body["text"] == nil)

        reply.template = nil
        let free = try #require(
            try JSONSerialization.jsonObject(with: Data(try sender.sendRequest(reply, credentials: credentials, now: Date()).body)) as? [String: Any])
        #expect(free["type"] as? String == "text")
    }

    @Test("the window check lets an approved template through after 24 hours, and nothing else")
    func window() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        let old = now.addingTimeInterval(-25 * 3600)
        #expect(
            MessagingWindow.sendDecision(platform: .whatsapp, kind: .direct, lastBuyerMessageAt: old, now: now, byHuman: true, isTemplate: true)
                == .send(humanAgentTag: false))
        #expect(
            MessagingWindow.sendDecision(platform: .whatsapp, kind: .direct, lastBuyerMessageAt: old, now: now, byHuman: true)
                != .send(humanAgentTag: false))
        #expect(MessagingWindow.verdict(platform: .whatsapp, lastBuyerMessageAt: old, now: now, byHuman: true).templateOnly)
    }
}
