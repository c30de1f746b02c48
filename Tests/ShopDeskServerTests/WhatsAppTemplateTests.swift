import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import ShopDeskChannels
@testable import ShopDeskCore
@testable import ShopDeskServer

/// Answering a WhatsApp buyer after the 24-hour window with an approved template (issue 15, part 5).
@Suite("WhatsApp templates")
struct WhatsAppTemplateTests {
    /// A WhatsApp number whose buyer last wrote long ago (the fixture's message is from October 2025),
    /// and one registered template; returns the conversation, the account and the template.
    static func closedWindow(_ client: any TestClientProtocol, app: TestApp) async throws -> (conversation: String, channel: String, template: String)
    {
        let push = try #require(PlatformPush.all.first { $0.platform == .whatsapp })
        let (channel, path) = try await WebhookRouteTests.account(push, client: client, app: app)
        let body = Array(push.body.utf8)
        #expect(try await WebhookRouteTests.post(client, path: path, body: body, header: push.sign(body, push.credentials)) == .ok)
        let list = try await client.json(.get, "/api/v1/conversations?channel_account_id=\(channel)", token: app.ownerToken)
        let conversation = try #require((list["items"] as? [[String: Any]])?.first?["id"] as? String)
        let created = try await client.json(
            .post, "/api/v1/channels/\(channel)/whatsapp-templates", token: app.ownerToken,
            body: ["name": "order_follow_up", "language": "ms", "category": "UTILITY", "body": "Hai {{1}}, pesanan {{2}} sedia dihantar."])
        #expect(created.status == .created, "\(created.raw)")
        #expect(created["parameter_count"] as? Int == 2)
        return (conversation, channel, try #require(created["id"] as? String))
    }

    @Test("after 24 hours free text is refused, a filled template is recorded with its text and queued; bad fills are explained")
    func templateReply() async throws {
        try await TestApp.run { app, client in
            let (conversation, channel, template) = try await Self.closedWindow(client, app: app)
            let free = try await client.json(.post, "/api/v1/conversations/\(conversation)/replies", token: app.agentToken, body: ["text": "Boleh"])
            #expect(free.status == .unprocessableContent)
            #expect(PrivacyComplianceAPITests.findings(free).contains { $0["reason"] as? String == "template_required" }, "\(free.raw)")

            let path = "/api/v1/conversations/\(conversation)/template-replies"
            let short = try await client.json(.post, path, token: app.agentToken, body: ["template_id": template, "parameters": ["Siti"]])
            #expect(short.status == .unprocessableContent)
            let broken = try await client.json(.post, path, token: app.agentToken, body: ["template_id": template, "parameters": ["Siti", "A\nB"]])
            #expect(broken.status == .unprocessableContent)
            let unknown = try await client.json(.post, path, token: app.agentToken, body: ["template_id": "none", "parameters": []])
            #expect(unknown.status == .unprocessableContent)

            let sent = try await client.json(
                .post, path, token: app.agentToken, body: ["template_id": template, "parameters": ["Siti", "#A1024"], "client_id": "t-1"])
            #expect(sent.status == .created, "\(sent.raw)")
            #expect(sent["text"] as? String == "Hai Siti, pesanan #A1024 sedia dihantar.")
            #expect(sent["delivery_status"] as? String == "queued")
            let again = try await client.json(
                .post, path, token: app.agentToken, body: ["template_id": template, "parameters": ["Siti", "#A1024"], "client_id": "t-1"])
            #expect(again["id"] as? String == sent["id"] as? String)

            // Registering is for owners and admins, once per name and language; the list is for anyone who sees the number.
            let templates = "/api/v1/channels/\(channel)/whatsapp-templates"
            let byAgent = try await client.json(
                .post, templates, token: app.agentToken, body: ["name": "x", "language": "en", "category": "UTILITY", "body": "Hi"])
            #expect(byAgent.status == .forbidden)
            let twice = try await client.json(
                .post, templates, token: app.ownerToken,
                body: ["name": "order_follow_up", "language": "ms", "category": "UTILITY", "body": "Hai {{1}}"])
            #expect(twice.status == .conflict)
            let badName = try await client.json(
                .post, templates, token: app.ownerToken, body: ["name": "Order Follow-up", "language": "ms", "category": "UTILITY", "body": "Hai"])
            #expect(badName.status == .unprocessableContent)
            let listed = try await client.json(.get, templates, token: app.agentToken)
            #expect((listed["items"] as? [[String: Any]])?.map { $0["name"] as? String } == ["order_follow_up"])
            #expect(try await PrivacyComplianceAPITests.audit(client, app: app, action: "whatsapp_template_registered").count == 1)
        }
    }

    @Test("the conversation page offers the templates, says why, and sends one filled in")
    func templateOnThePage() async throws {
        try await TestApp.run { app, client in
            let (conversation, _, template) = try await Self.closedWindow(client, app: app)
            let session = try await WebPageTests.signIn(client, app: app)
            let headers: HTTPFields = [.acceptLanguage: "th", .cookie: session]
            let page = String(buffer: try await client.execute(uri: "/conversations/\(conversation)", method: .get, headers: headers, body: nil).body)
            #expect(page.contains("ส่งเทมเพลต"))
            #expect(page.contains("class=\"window-closed\""))
            #expect(page.contains("value=\"\(template)\""))
            let csrf = try WebPageTests.csrf(in: page)
            let form = "csrf=\(csrf)&template=\(template)&parameters%5B%5D=Siti&parameters%5B%5D=%23A1024"
            var post = headers
            post[.contentType] = "application/x-www-form-urlencoded"
            let response = try await client.execute(
                uri: "/conversations/\(conversation)/template-reply", method: .post, headers: post, body: .init(string: form))
            #expect(response.status == .seeOther)
            let detail = try await client.json(.get, "/api/v1/conversations/\(conversation)", token: app.ownerToken)
            let texts = (detail["messages"] as? [[String: Any]])?.compactMap { $0["text"] as? String } ?? []
            #expect(texts.contains("Hai Siti, pesanan #A1024 sedia dihantar."))
        }
    }
}
