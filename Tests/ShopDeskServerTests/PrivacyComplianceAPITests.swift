import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import ShopDeskChannels
@testable import ShopDeskCore
@testable import ShopDeskServer
@testable import ShopDeskStore

/// A signed buyer message on a custom channel, the shortest way to put a buyer message in the inbox.
struct CustomBuyer: Sendable {
    var channelID: String
    var path: String
    var secret: String

    static func make(_ client: any TestClientProtocol, app: TestApp, market: String = "MY") async throws -> CustomBuyer {
        let secret = "site-secret-\(UUID().uuidString)"
        let created = try await client.json(
            .post, "/api/v1/channels", token: app.ownerToken,
            body: [
                "platform": "custom", "name": "Site", "market": market, "credentials": ["signing_secret": secret],
            ])
        return CustomBuyer(
            channelID: try #require(created["id"] as? String), path: try #require(created["webhook_path"] as? String), secret: secret
        )
    }

    /// Posts a buyer message now; returns the conversation id.
    func say(_ text: String, buyer: String = "buyer-1", id: String = UUID().uuidString, client: any TestClientProtocol) async throws -> String {
        let body = try JSONSerialization.data(withJSONObject: [
            "message_id": id, "conversation_id": "thread-\(buyer)", "buyer": ["id": buyer, "name": "Buyer \(buyer)"], "text": text,
            "sent_at": ISO8601DateFormatter().string(from: Date()),
        ])
        var headers = HTTPFields()
        headers[HTTPField.Name("X-ShopDesk-Signature")!] = PlatformSignature.custom(signingSecret: self.secret, body: Array(body))
        let response = try await client.json(.post, self.path, rawBody: String(decoding: body, as: UTF8.self), headers: headers)
        #expect(response.status == .accepted, "\(response.raw)")
        return try #require(response["conversation_id"] as? String)
    }
}

@Suite("Compliance on the reply path, masking, export, erasure and the audit log, through the API")
struct PrivacyComplianceAPITests {
    static func shopeeConversation(_ client: any TestClientProtocol, app: TestApp, text: String) async throws -> String {
        var push = try #require(PlatformPush.all.first { $0.platform == .shopee })
        push.body = push.body.replacingOccurrences(of: "Ada stok saiz M?", with: text)
        let (channel, path) = try await WebhookRouteTests.account(push, client: client, app: app)
        let body = Array(push.body.utf8)
        #expect(try await WebhookRouteTests.post(client, path: path, body: body, header: push.sign(body, push.credentials)) == .ok)
        let list = try await client.json(.get, "/api/v1/conversations?channel_account_id=\(channel)", token: app.ownerToken)
        return try #require((list["items"] as? [[String: Any]])?.first?["id"] as? String)
    }

    static func findings(_ response: JSONResponse) -> [[String: Any]] {
        ((response["error"] as? [String: Any])?["compliance"] as? [String: Any])?["findings"] as? [[String: Any]] ?? []
    }

    static func audit(_ client: any TestClientProtocol, app: TestApp, action: String) async throws -> [[String: Any]] {
        let page = try await client.json(.get, "/api/v1/audit-log?action=\(action)", token: app.ownerToken)
        #expect(page.status == .ok, "\(page.raw)")
        return page["items"] as? [[String: Any]] ?? []
    }

    @Test("linking two buyers cannot be undone: owners only, and written to the audit log")
    func linkBuyers() async throws {
        try await TestApp.run { app, client in
            func buyer(of conversation: String) async throws -> String {
                let detail = try await client.json(.get, "/api/v1/conversations/\(conversation)", token: app.ownerToken)
                return try #require((detail["conversation"] as? [String: Any])?["buyer_id"] as? String)
            }
            let first = try await buyer(of: try await Self.shopeeConversation(client, app: app, text: "Ada stok saiz M?"))
            let second = try await buyer(of: try await Self.shopeeConversation(client, app: app, text: "Saiz L ada?"))
            let path = "/api/v1/buyers/\(first)/links"
            let refused = try await client.json(.post, path, token: app.agentToken, body: ["buyer_id": second])
            #expect(refused.status == .forbidden)
            #expect(try await Self.audit(client, app: app, action: "buyers_linked").isEmpty)
            let linked = try await client.json(.post, path, token: app.ownerToken, body: ["buyer_id": second])
            #expect(linked.status == .ok, "\(linked.raw)")
            #expect((linked["identities"] as? [[String: Any]])?.count == 2)
            let entries = try await Self.audit(client, app: app, action: "buyers_linked")
            #expect(entries.count == 1)
            #expect(entries.first?["subject_id"] as? String == first)
            #expect(entries.first?["detail"] as? String == "merged buyer \(second)")
        }
    }

    @Test("an admin limited to some channel accounts sees only the buyers known there, with only those identities, and cannot export a buyer")
    func buyersOfRestrictedAgents() async throws {
        try await TestApp.run { app, client in
            func conversation(_ text: String) async throws -> [String: Any] {
                let id = try await Self.shopeeConversation(client, app: app, text: text)
                let detail = try await client.json(.get, "/api/v1/conversations/\(id)", token: app.ownerToken)
                return try #require(detail["conversation"] as? [String: Any])
            }
            let mine = try await conversation("Ada stok saiz M?")
            let theirs = try await conversation("Saiz L ada?")
            let channel = try #require(mine["channel_account_id"] as? String)
            let created = try await client.json(
                .post, "/api/v1/agents", token: app.ownerToken,
                body: [
                    "email": "limited@example.com", "name": "Limited", "role": "admin", "password": "limited password 1",
                    "channel_account_ids": [channel],
                ])
            #expect(created.status == .created, "\(created.raw)")
            let login = try await client.json(.post, "/api/v1/auth/login", body: ["email": "limited@example.com", "password": "limited password 1"])
            let session = String(try #require(login.headers[.setCookie]).split(separator: ";")[0])

            let list = try await client.json(.get, "/api/v1/buyers", token: session)
            let buyers = try #require(list["items"] as? [[String: Any]])
            #expect(buyers.map { $0["id"] as? String } == [mine["buyer_id"] as? String])
            let identities = (buyers.first?["identities"] as? [[String: Any]]) ?? []
            #expect(identities.map { $0["channel_account_id"] as? String } == [channel])
            let hidden = try await client.json(.get, "/api/v1/buyers/\(try #require(theirs["buyer_id"] as? String))", token: session)
            #expect(hidden.status == .notFound)
            let export = try await client.json(.get, "/api/v1/buyers/\(try #require(mine["buyer_id"] as? String))/export", token: session)
            #expect(export.status == .forbidden)
            let everyone = try await client.json(.get, "/api/v1/buyers", token: app.ownerToken)
            #expect((everyone["items"] as? [[String: Any]])?.count == 2)
        }
    }

    @Test("a reply with a phone number on Shopee is blocked with the finding, override or not; a clean one is queued")
    func blockedReply() async throws {
        try await TestApp.run { app, client in
            let conversation = try await Self.shopeeConversation(client, app: app, text: "Ada stok saiz M?")
            let replies = "/api/v1/conversations/\(conversation)/replies"
            let blocked = try await client.json(.post, replies, token: app.agentToken, body: ["text": "WhatsApp saya 012-345 6789 ya"])
            #expect(blocked.status == .unprocessableContent)
            #expect(blocked.errorCode == "compliance_blocked")
            let finding = try #require(Self.findings(blocked).first { $0["reason"] as? String == "phone_number" })
            #expect(finding["rule"] as? String == "off_platform_contact")
            #expect(finding["severity"] as? String == "block")
            #expect(finding["start"] as? Int == 14 && finding["end"] as? Int == 26)
            let overridden = try await client.json(
                .post, replies, token: app.agentToken,
                body: [
                    "text": "WhatsApp saya 012-345 6789 ya", "override_warnings": true, "ui_language": "ms",
                ])
            #expect(overridden.errorCode == "compliance_blocked")
            let detail = try await client.json(.get, "/api/v1/conversations/\(conversation)", token: app.agentToken)
            #expect((detail["messages"] as? [[String: Any]])?.count == 1)

            let clean = try await client.json(
                .post, replies, token: app.agentToken, body: ["text": "Ada kak, saiz M masih ada stok", "client_id": "c1"])
            #expect(clean.status == .created)
            #expect(try await Self.audit(client, app: app, action: "compliance_overridden").isEmpty)
        }
    }

    @Test("the unanswered-message cap warns on the fifth message, needs an audited override, blocks the sixth, and resets when the buyer writes")
    func unansweredCap() async throws {
        try await TestApp.run { app, client in
            let site = try await CustomBuyer.make(client, app: app)
            let conversation = try await site.say("Hello, do you ship to Penang?", client: client)
            let replies = "/api/v1/conversations/\(conversation)/replies"
            for number in 1...4 {
                let reply = try await client.json(.post, replies, token: app.agentToken, body: ["text": "Update \(number) on your parcel to Penang"])
                #expect(reply.status == .created, "\(reply.raw)")
            }
            let fifth = try await client.json(.post, replies, token: app.agentToken, body: ["text": "One more update on the Penang parcel"])
            #expect(fifth.errorCode == "compliance_warning")
            #expect(Self.findings(fifth).map { $0["rule"] as? String } == ["spam_repetition"])
            let overridden = try await client.json(
                .post, replies, token: app.agentToken,
                body: [
                    "text": "One more update on the Penang parcel", "override_warnings": true, "client_id": "fifth",
                ])
            #expect(overridden.status == .created)
            // A retry of a recorded reply returns it; it is not checked (or counted) again.
            let retried = try await client.json(
                .post, replies, token: app.agentToken,
                body: [
                    "text": "One more update on the Penang parcel", "client_id": "fifth",
                ])
            #expect(retried.status == .created)
            #expect(retried["id"] as? String == overridden["id"] as? String)
            let sixth = try await client.json(.post, replies, token: app.agentToken, body: ["text": "Last one", "override_warnings": true])
            #expect(sixth.errorCode == "compliance_blocked")

            let overrides = try await Self.audit(client, app: app, action: "compliance_overridden")
            #expect(overrides.count == 1)
            #expect(overrides.first?["actor_name"] as? String == "Agent")
            #expect(overrides.first?["subject_id"] as? String == conversation)
            #expect((overrides.first?["detail"] as? String)?.contains("spam_repetition/unanswered_limit") == true)

            // Push times have whole seconds: let the buyer's next message be later than the replies.
            try await Task.sleep(for: .milliseconds(1100))
            _ = try await site.say("Thanks! When will it arrive?", client: client)
            #expect(try await client.json(.post, replies, token: app.agentToken, body: ["text": "Tomorrow by 6pm"]).status == .created)
        }
    }

    @Test("the same unsolicited text to many Shopee buyers warns at five others, counted from the store; a reply to a buyer who wrote is not counted")
    func broadcast() async throws {
        try await TestApp.run { app, client in
            let push = try #require(PlatformPush.all.first { $0.platform == .shopee })
            let (channel, path) = try await WebhookRouteTests.account(push, client: client, app: app)
            // Seven buyers who wrote long ago (the push's time is in 2025): sends to them are unsolicited.
            for number in 1...7 {
                let body = Array(
                    push.body
                        .replacingOccurrences(of: "\"from_id\":555", with: "\"from_id\":\(1000 + number)")
                        .replacingOccurrences(of: "\"conversation_id\":\"99887766\"", with: "\"conversation_id\":\"7000\(number)\"")
                        .replacingOccurrences(of: "\"message_id\":\"2191290123\"", with: "\"message_id\":\"88000\(number)\"").utf8)
                #expect(try await WebhookRouteTests.post(client, path: path, body: body, header: push.sign(body, push.credentials)) == .ok)
            }
            let list = try await client.json(.get, "/api/v1/conversations?channel_account_id=\(channel)", token: app.ownerToken)
            var byThread: [String: String] = [:]
            for item in list["items"] as? [[String: Any]] ?? [] {
                if let thread = item["external_id"] as? String, let id = item["id"] as? String { byThread[thread] = id }
            }
            let conversations = try (1...7).map { try #require(byThread["7000\($0)"]) }
            let promotion = "Flash sale 12.12: all jackets 50% off today only, stock is limited!"
            for (index, conversation) in conversations.prefix(5).enumerated() {
                // Numbers and names vary; it is still the same message.
                let text = promotion.replacingOccurrences(of: "50%", with: "\(50 + index)%")
                let sent = try await client.json(.post, "/api/v1/conversations/\(conversation)/replies", token: app.agentToken, body: ["text": text])
                #expect(sent.status == .created, "\(sent.raw)")
            }
            let sixth = try await client.json(
                .post, "/api/v1/conversations/\(conversations[5])/replies", token: app.agentToken, body: ["text": promotion])
            #expect(sixth.errorCode == "compliance_warning")
            #expect(Self.findings(sixth).first?["reason"] as? String == "near_duplicate")
            // The seventh buyer writes now: the same text to them is a reply, not a broadcast.
            var fresh = push.body
                .replacingOccurrences(of: "\"from_id\":555", with: "\"from_id\":1007")
                .replacingOccurrences(of: "\"conversation_id\":\"99887766\"", with: "\"conversation_id\":\"70007\"")
                .replacingOccurrences(of: "\"message_id\":\"2191290123\"", with: "\"message_id\":\"990007\"")
            let now = Int(Date().timeIntervalSince1970)
            fresh = fresh.replacingOccurrences(of: "1760000000", with: String(now))
            let freshBody = Array(fresh.utf8)
            #expect(try await WebhookRouteTests.post(client, path: path, body: freshBody, header: push.sign(freshBody, push.credentials)) == .ok)
            let reply = try await client.json(
                .post, "/api/v1/conversations/\(conversations[6])/replies", token: app.agentToken, body: ["text": promotion])
            #expect(reply.status == .created, "\(reply.raw)")
        }
    }

    @Test("the live check: with a conversation, with a platform and market, and refusing neither")
    func liveCheck() async throws {
        try await TestApp.run { app, client in
            let conversation = try await Self.shopeeConversation(client, app: app, text: "Ada stok saiz M?")
            let withConversation = try await client.json(
                .post, "/api/v1/compliance/check", token: app.agentToken,
                body: [
                    "conversation_id": conversation, "text": "Beli di bit.ly/kedai-murah lebih murah",
                ])
            #expect(withConversation["verdict"] as? String == "block")
            #expect(withConversation["window"] as? String == "open")
            let textOnly = try await client.json(
                .post, "/api/v1/compliance/check", token: app.agentToken,
                body: [
                    "platform": "tiktok-shop", "market": "vn", "text": "dạ vâng ạ", "ui_language": "vi",
                ])
            #expect(textOnly["verdict"] as? String == "warn")
            let finding = try #require((textOnly["findings"] as? [[String: Any]])?.first)
            #expect(finding["rule"] as? String == "small_talk_only")
            #expect(textOnly["window"] is NSNull || textOnly["window"] == nil)
            let clean = try await client.json(
                .post, "/api/v1/compliance/check", token: app.agentToken,
                body: [
                    "platform": "lazada", "market": "TH", "text": "ราคา ฿1,290 ส่ง Kerry ภายใน 2 วันค่ะ",
                ])
            #expect(clean["verdict"] as? String == "ok")
            let neither = try await client.json(.post, "/api/v1/compliance/check", token: app.agentToken, body: ["text": "hi"])
            #expect(neither.status == .unprocessableContent)
            let unknown = try await client.json(
                .post, "/api/v1/compliance/check", token: app.agentToken, body: ["conversation_id": "nope", "text": "hi"])
            #expect(unknown.status == .notFound)
        }
    }

    @Test("admins extend the rules: invalid additions are refused by name, valid ones apply at once and are audited")
    func ruleAdditions() async throws {
        try await TestApp.run { app, client in
            let check: [String: Any] = ["platform": "shopee", "market": "MY", "text": "my blorpchat"]
            #expect(try await client.json(.post, "/api/v1/compliance/check", token: app.agentToken, body: check)["verdict"] as? String == "ok")
            let empty = try await client.json(.get, "/api/v1/compliance/rules", token: app.ownerToken)
            #expect(empty["phrases"] as? [Any] != nil && (empty["phrases"] as? [Any])?.isEmpty == true)
            #expect(try await client.json(.get, "/api/v1/compliance/rules", token: app.agentToken).status == .forbidden)

            let invalid = try await client.json(
                .put, "/api/v1/compliance/rules", token: app.ownerToken,
                body: [
                    "phrases": [["rule": "no_such_rule", "phrases": ["x"]]], "allowed_links": [],
                ])
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.raw.contains("no_such_rule"))

            let additions: [String: Any] = [
                "phrases": [["rule": "off_platform_contact", "list": "app", "phrases": ["blorpchat"]]],
                "allowed_links": [["platform": "custom", "hosts": ["myshop.example"]]],
            ]
            let saved = try await client.json(.put, "/api/v1/compliance/rules", token: app.ownerToken, body: additions)
            #expect(saved.status == .ok, "\(saved.raw)")
            #expect(try await client.json(.post, "/api/v1/compliance/check", token: app.agentToken, body: check)["verdict"] as? String == "block")
            let read = try await client.json(.get, "/api/v1/compliance/rules", token: app.ownerToken)
            #expect(((read["phrases"] as? [[String: Any]])?.first?["phrases"] as? [String]) == ["blorpchat"])
            #expect(try await Self.audit(client, app: app, action: "compliance_rules_changed").count == 1)
        }
    }

    @Test("buyers' phones, e-mails and WhatsApp ids are masked; admins may reveal, which is audited; agents may not")
    func masking() async throws {
        try await TestApp.run { app, client in
            let conversation = try await Self.shopeeConversation(client, app: app, text: "Boleh call 012-345 6789 atau siti@mail.com.my")
            let masked = try await client.json(.get, "/api/v1/conversations/\(conversation)", token: app.agentToken)
            let text = try #require((masked["messages"] as? [[String: Any]])?.first?["text"] as? String)
            #expect(text == "Boleh call •••-••• ••89 atau s•••@mail.com.my")
            #expect(!masked.raw.contains("345 6789"))
            let list = try await client.json(.get, "/api/v1/conversations", token: app.agentToken)
            #expect(!list.raw.contains("345 6789"))
            #expect(try await client.json(.get, "/api/v1/conversations/\(conversation)?reveal=true", token: app.agentToken).status == .forbidden)
            let revealed = try await client.json(.get, "/api/v1/conversations/\(conversation)?reveal=true", token: app.ownerToken)
            #expect(revealed.raw.contains("012-345 6789"))
            let reveals = try await Self.audit(client, app: app, action: "personal_data_revealed")
            #expect(reveals.map { $0["subject_id"] as? String } == [conversation])

            let push = try #require(PlatformPush.all.first { $0.platform == .whatsapp })
            let (channel, path) = try await WebhookRouteTests.account(push, client: client, app: app)
            let body = Array(push.body.utf8)
            #expect(try await WebhookRouteTests.post(client, path: path, body: body, header: push.sign(body, push.credentials)) == .ok)
            let whatsapp = try await client.json(.get, "/api/v1/conversations?channel_account_id=\(channel)", token: app.agentToken)
            let item = try #require((whatsapp["items"] as? [[String: Any]])?.first)
            #expect(item["external_id"] as? String == "••••••••32")
            let buyer = try await client.json(.get, "/api/v1/buyers/\(try #require(item["buyer_id"] as? String))", token: app.agentToken)
            #expect((buyer["identities"] as? [[String: Any]])?.first?["platform_user_id"] as? String == "••••••••32")
            #expect(!buyer.raw.contains("6598765432"))
        }
    }

    @Test("export and erasure through the API: admins only, erasure confirmed, both audited; the conversation keeps its shape")
    func exportAndErasure() async throws {
        try await TestApp.run { app, client in
            let site = try await CustomBuyer.make(client, app: app)
            let conversation = try await site.say("SECRET-ADDRESS 12 Jalan Ampang 3", buyer: "erase-me", client: client)
            #expect(
                try await client.json(
                    .post, "/api/v1/conversations/\(conversation)/replies", token: app.agentToken, body: ["text": "Noted, shipping today"]
                ).status == .created)
            let detail = try await client.json(.get, "/api/v1/conversations/\(conversation)", token: app.ownerToken)
            let buyerID = try #require((detail["conversation"] as? [String: Any])?["buyer_id"] as? String)

            #expect(try await client.json(.get, "/api/v1/buyers/\(buyerID)/export", token: app.agentToken).status == .forbidden)
            let export = try await client.json(.get, "/api/v1/buyers/\(buyerID)/export", token: app.ownerToken)
            #expect(export.status == .ok, "\(export.raw)")
            #expect(export["format"] as? String == "shopdesk.buyer-export.v1")
            #expect(export.raw.contains("SECRET-ADDRESS 12 Jalan Ampang 3"))
            #expect(((export["identities"] as? [[String: Any]])?.first?["platform_user_id"] as? String) == "erase-me")

            #expect(
                try await client.json(.post, "/api/v1/buyers/\(buyerID)/erasure", token: app.agentToken, body: ["confirm": true]).status == .forbidden
            )
            #expect(
                try await client.json(.post, "/api/v1/buyers/\(buyerID)/erasure", token: app.ownerToken, body: ["confirm": false]).status
                    == .unprocessableContent)
            let erased = try await client.json(.post, "/api/v1/buyers/\(buyerID)/erasure", token: app.ownerToken, body: ["confirm": true])
            #expect(erased.status == .ok, "\(erased.raw)")
            #expect(erased["messages"] as? Int == 2)
            #expect(erased["cancelled_replies"] as? Int == 1)

            let after = try await client.json(.get, "/api/v1/conversations/\(conversation)?reveal=true", token: app.ownerToken)
            let messages = try #require(after["messages"] as? [[String: Any]])
            #expect(messages.count == 2)
            #expect(!after.raw.contains("SECRET-ADDRESS") && !after.raw.contains("erase-me"))
            let search = try await client.json(.get, "/api/v1/conversations?q=SECRET-ADDRESS", token: app.ownerToken)
            #expect((search["items"] as? [Any])?.isEmpty == true)
            #expect(try await Self.audit(client, app: app, action: "buyer_exported").count == 1)
            #expect(try await Self.audit(client, app: app, action: "buyer_erased").count == 1)
        }
    }

    @Test("privacy settings and the audit log: owners set retention, admins read, agents neither; sign-ins and tokens are logged")
    func settingsAndAuditLog() async throws {
        try await TestApp.run { app, client in
            let initial = try await client.json(.get, "/api/v1/privacy", token: app.ownerToken)["retention_days"]
            #expect(initial == nil || initial is NSNull)
            #expect(try await client.json(.put, "/api/v1/privacy", token: app.agentToken, body: ["retention_days": 30]).status == .forbidden)
            #expect(try await client.json(.put, "/api/v1/privacy", token: app.ownerToken, body: ["retention_days": 0]).status != .ok)
            let set = try await client.json(.put, "/api/v1/privacy", token: app.ownerToken, body: ["retention_days": 90])
            #expect(set["retention_days"] as? Int == 90)
            #expect(try await client.json(.get, "/api/v1/privacy", token: app.ownerToken)["retention_days"] as? Int == 90)

            let wrong = try await client.json(.post, "/api/v1/auth/login", body: ["email": app.ownerEmail, "password": "not it at all"])
            #expect(wrong.status == .unauthorized)
            let token = try await client.json(.post, "/api/v1/tokens", token: app.ownerToken, body: ["name": "zapier"])
            #expect(token.status == .created)
            #expect(try await client.json(.get, "/api/v1/audit-log", token: app.agentToken).status == .forbidden)
            let log = try await client.json(.get, "/api/v1/audit-log?limit=200", token: app.ownerToken)
            let actions = (log["items"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            for expected in ["sign_in", "sign_in_failed", "token_created", "agent_created", "retention_changed"] {
                #expect(actions.contains(expected), "no \(expected) in \(actions)")
            }
            #expect(!log.raw.contains("not it at all"))
            #expect(try await client.json(.get, "/api/v1/audit-log?cursor=garbage", token: app.ownerToken).status == .badRequest)
        }
    }

    @Test("the command line exports and erases a buyer, audited as the command line; the retention job purges past the period")
    func commandLineAndRetentionJob() async throws {
        try await TestApp.run { app, client in
            let site = try await CustomBuyer.make(client, app: app)
            let conversation = try await site.say("CLI-TEXT please deliver to 5 Jalan Ampang 2", buyer: "cli-buyer", client: client)
            let kept = try await site.say("RETAINED-TEXT still here", buyer: "other-buyer", client: client)
            let detail = try await client.json(.get, "/api/v1/conversations/\(conversation)", token: app.ownerToken)
            let buyerID = try #require((detail["conversation"] as? [String: Any])?["buyer_id"] as? String)

            let export = String(decoding: try await Administration.exportBuyer(app.settings, buyer: buyerID, logger: TestApp.logger), as: UTF8.self)
            #expect(export.contains("CLI-TEXT please deliver to 5 Jalan Ampang 2"))
            let report = try await Administration.eraseBuyer(app.settings, buyer: buyerID, logger: TestApp.logger)
            #expect(report.messages == 1)
            await #expect(throws: StoreError.notFound("buyer nope")) {
                try await Administration.eraseBuyer(app.settings, buyer: "nope", logger: TestApp.logger)
            }
            let erasures = try await Self.audit(client, app: app, action: "buyer_erased")
            #expect(erasures.map { $0["actor_name"] as? String } == ["command line"])
            #expect(erasures.first?["actor_agent_id"] == nil || erasures.first?["actor_agent_id"] is NSNull)

            #expect(try await client.json(.put, "/api/v1/privacy", token: app.ownerToken, body: ["retention_days": 30]).status == .ok)
            let settings = app.settings
            try await SQLStore.withStore(
                try settings.databaseLocation(), secrets: try SecretBox.load(environmentKey: nil, dataDirectory: settings.dataDirectory),
                logger: TestApp.logger
            ) { store in
                // The job as it would run a month and a day from now.
                let purger = RetentionPurger(
                    ServiceContext(store: store, now: { Date().addingTimeInterval(31 * 86_400) }, logger: TestApp.logger)
                )
                await purger.purgeAll()
            }
            let purged = try await client.json(.get, "/api/v1/conversations/\(kept)?reveal=true", token: app.ownerToken)
            #expect(purged.status == .ok)
            #expect(!purged.raw.contains("RETAINED-TEXT"))
            #expect((purged["messages"] as? [[String: Any]])?.count == 1)
        }
    }
}
