import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ShopDeskChannels
import Testing

@testable import ShopDeskServer

@Suite("HTTP API")
struct APITests {
    @Test(
        "20 wrong sign-ins through the API in a row: the first 5 are checked, the rest refused with 429 and Retry-After, also with the right password, also on the web form"
    )
    func signInThrottling() async throws {
        try await TestApp.run { app, client in
            var statuses: [HTTPResponse.Status] = []
            var retryAfter: String?
            for _ in 1...20 {
                let wrong = try await client.json(.post, "/api/v1/auth/login", body: ["email": app.ownerEmail, "password": "not the password"])
                statuses.append(wrong.status)
                if wrong.status == .tooManyRequests {
                    #expect(wrong.errorCode == "too_many_attempts")
                    retryAfter = wrong.headers[.retryAfter]
                }
            }
            #expect(statuses == Array(repeating: .unauthorized, count: 5) + Array(repeating: .tooManyRequests, count: 15))
            #expect(retryAfter.flatMap(Int.init).map { (1...900).contains($0) } == true)
            let right = try await client.json(
                .post, "/api/v1/auth/login", body: ["email": app.ownerEmail.uppercased(), "password": app.ownerPassword])
            #expect(right.status == .tooManyRequests, "the address is throttled whatever its case")
            let page = try await client.execute(uri: "/login", method: .get, headers: [:], body: nil)
            let csrf = try #require(WebPageTests.cookie(page))
            let token = String(csrf.split(separator: "=", maxSplits: 1)[1])
            let web = try await WebPageTests.post(
                client, "/login", form: ["csrf": token, "email": app.ownerEmail, "password": app.ownerPassword], cookies: [csrf])
            #expect(web.status == .tooManyRequests)
            // Tokens are not sign-ins: the owner's token still works.
            #expect(try await client.json(.get, "/api/v1/me", token: app.ownerToken).status == .ok)
        }
    }

    @Test("the session cookie is Secure when the request came over HTTPS through the proxy, and only then (unless the setting says always)")
    func secureCookieOverHTTPS() async throws {
        try await TestApp.run { app, client in
            let credentials = ["email": app.ownerEmail, "password": app.ownerPassword]
            let plain = try await client.json(.post, "/api/v1/auth/login", body: credentials)
            #expect(plain.status == .ok)
            #expect(try #require(plain.headers[.setCookie]).contains("; Secure") == false)
            var proxied = HTTPFields()
            proxied[HTTPField.Name("X-Forwarded-Proto")!] = "https"
            let secure = try await client.json(.post, "/api/v1/auth/login", body: credentials, headers: proxied)
            #expect(secure.status == .ok)
            #expect(try #require(secure.headers[.setCookie]).hasSuffix("; Secure"))
            var forwarded = HTTPFields()
            forwarded[HTTPField.Name("Forwarded")!] = "for=192.0.2.60;proto=https;by=203.0.113.43"
            let page = try await client.execute(uri: "/login", method: .get, headers: forwarded, body: nil)
            #expect(try #require(page.headers[.setCookie]).hasSuffix("; Secure"))
        }
    }

    @Test("requests without valid credentials get 401 in the JSON error shape")
    func missingAuth() async throws {
        try await TestApp.run { _, client in
            for uri in ["/api/v1/me", "/api/v1/conversations", "/api/v1/channels", "/api/v1/buyers", "/api/v1/tokens"] {
                let anonymous = try await client.json(.get, uri)
                #expect(anonymous.status == .unauthorized, "\(uri)")
                #expect(anonymous.errorCode == "unauthorized", "\(uri)")
                let wrong = try await client.json(.get, uri, token: "sdt_not-a-token")
                #expect(wrong.status == .unauthorized, "\(uri)")
                let expired = try await client.json(.get, uri, token: "shopdesk_session=sds_nope")
                #expect(expired.status == .unauthorized, "\(uri)")
            }
        }
    }

    @Test("malformed and ill-shaped bodies get 400, invalid values 422, never 5xx")
    func malformedBodies() async throws {
        try await TestApp.run { app, client in
            let cases: [(String, HTTPRequest.Method, String)] = [
                ("/api/v1/tokens", .post, "{not json"),
                ("/api/v1/tokens", .post, "[]"),
                ("/api/v1/tokens", .post, "{\"name\": 42}"),
                ("/api/v1/channels", .post, "{\"platform\":\"myspace\",\"name\":\"x\",\"market\":\"VN\",\"credentials\":{}}"),
                ("/api/v1/auth/login", .post, ""),
                ("/api/v1/agents", .post, "{\"email\":\"a@b.co\"}"),
            ]
            for (uri, method, body) in cases {
                let response = try await client.json(method, uri, token: app.ownerToken, rawBody: body)
                #expect(response.status == .badRequest, "\(uri) \(body): \(response.raw)")
                #expect(response.errorCode == "bad_request", "\(uri) \(body)")
            }
            let invalid = try await client.json(
                .post, "/api/v1/channels", token: app.ownerToken,
                body: [
                    "platform": "shopee", "name": "Shopee MY", "market": "MY", "credentials": ["partner_id": "1"],
                ])
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.errorCode == "invalid")
            let badLimit = try await client.json(.get, "/api/v1/conversations?limit=0", token: app.ownerToken)
            #expect(badLimit.status == .badRequest)
            let badEnum = try await client.json(.get, "/api/v1/conversations?status=sleeping", token: app.ownerToken)
            #expect(badEnum.status == .badRequest)
            let badCursor = try await client.json(.get, "/api/v1/conversations?cursor=%%%", token: app.ownerToken)
            #expect(badCursor.status == .badRequest)
        }
    }

    @Test("unknown ids get 404 in the JSON error shape")
    func unknownIDs() async throws {
        try await TestApp.run { app, client in
            let requests: [(HTTPRequest.Method, String, [String: Any]?)] = [
                (.get, "/api/v1/conversations/nope", nil),
                (.post, "/api/v1/conversations/nope/replies", ["text": "hi"]),
                (.post, "/api/v1/conversations/nope/notes", ["text": "hi"]),
                (.post, "/api/v1/conversations/nope/status", ["status": "resolved"]),
                (.put, "/api/v1/conversations/nope/tags", ["tags": ["a"]]),
                (.get, "/api/v1/channels/nope", nil),
                (.delete, "/api/v1/channels/nope", nil),
                (.get, "/api/v1/buyers/nope", nil),
                (.delete, "/api/v1/tokens/nope", nil),
                (.get, "/api/v1/no-such-route", nil),
            ]
            for (method, uri, body) in requests {
                let response = try await client.json(method, uri, token: app.ownerToken, body: body)
                #expect(response.status == .notFound, "\(method) \(uri): \(response.raw)")
                #expect(response.errorCode == "not_found", "\(method) \(uri)")
            }
        }
    }

    @Test("an agent cannot do what needs an admin: 403")
    func wrongRole() async throws {
        try await TestApp.run { app, client in
            let attempts: [(HTTPRequest.Method, String, [String: Any]?)] = [
                (.get, "/api/v1/agents", nil),
                (.post, "/api/v1/agents", ["email": "x@example.com", "name": "X", "role": "agent", "password": "long enough"]),
                (.get, "/api/v1/tokens", nil),
                (.post, "/api/v1/tokens", ["name": "mine"]),
                (.post, "/api/v1/channels", ["platform": "custom", "name": "Site", "market": "VN", "credentials": ["signing_secret": "s"]]),
            ]
            for (method, uri, body) in attempts {
                let response = try await client.json(method, uri, token: app.agentToken, body: body)
                #expect(response.status == .forbidden, "\(method) \(uri): \(response.raw)")
                #expect(response.errorCode == "forbidden")
            }
            let me = try await client.json(.get, "/api/v1/me", token: app.agentToken)
            #expect(me["role"] as? String == "agent")
        }
    }

    @Test("sign in sets a session cookie; sign out ends it; wrong passwords are refused")
    func sessionCookie() async throws {
        try await TestApp.run { app, client in
            let wrong = try await client.json(.post, "/api/v1/auth/login", body: ["email": app.ownerEmail, "password": "nope"])
            #expect(wrong.status == .unauthorized)
            let login = try await client.json(.post, "/api/v1/auth/login", body: ["email": "OWNER@example.com", "password": app.ownerPassword])
            #expect(login.status == .ok)
            let setCookie = try #require(login.headers[.setCookie])
            #expect(setCookie.hasPrefix("shopdesk_session=sds_"))
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Lax"))
            let cookie = String(setCookie.split(separator: ";")[0])
            #expect(try await client.json(.get, "/api/v1/me", token: cookie).status == .ok)
            #expect(try await client.json(.post, "/api/v1/auth/logout", token: cookie).status == .noContent)
            #expect(try await client.json(.get, "/api/v1/me", token: cookie).status == .unauthorized)
        }
    }

    @Test("channel accounts never return secrets; a custom channel takes signed messages that reach the inbox")
    func customChannelFlow() async throws {
        try await TestApp.run { app, client in
            let secret = "site-secret-\(UUID().uuidString)"
            let created = try await client.json(
                .post, "/api/v1/channels", token: app.ownerToken,
                body: [
                    "platform": "custom", "name": "My shop site", "market": "VN", "credentials": ["signing_secret": secret],
                ])
            #expect(created.status == .created)
            #expect(!created.raw.contains(secret))
            let channelID = try #require(created["id"] as? String)
            let path = try #require(created["webhook_path"] as? String)
            #expect(path == "/api/v1/channels/\(channelID)/messages")
            let listed = try await client.json(.get, "/api/v1/channels", token: app.ownerToken)
            #expect(!listed.raw.contains(secret))

            let body =
                #"{"message_id":"site-1","buyer":{"id":"buyer-7","name":"Lan <b>","language":"vi"},"text":"Còn hàng không shop?","sent_at":"2026-11-01T08:00:00Z"}"#
            func post(_ body: String, signature: String?) async throws -> JSONResponse {
                var headers = HTTPFields()
                if let signature { headers[HTTPField.Name("X-ShopDesk-Signature")!] = signature }
                return try await client.json(.post, path, rawBody: body, headers: headers)
            }
            let signature = PlatformSignature.custom(signingSecret: secret, body: Array(body.utf8))
            #expect(try await post(body, signature: nil).status == .unauthorized)
            #expect(try await post(body, signature: PlatformSignature.custom(signingSecret: "other", body: Array(body.utf8))).status == .unauthorized)
            var tampered = Array(body.utf8)
            tampered[tampered.count - 5] ^= 1
            #expect(try await post(String(decoding: tampered, as: UTF8.self), signature: signature).status == .unauthorized)
            let empty = try await client.json(.get, "/api/v1/conversations", token: app.ownerToken)
            #expect((empty["items"] as? [Any])?.isEmpty == true)

            let accepted = try await post(body, signature: signature)
            #expect(accepted.status == .accepted)
            #expect(accepted["duplicate"] as? Bool == false)
            let again = try await post(body, signature: signature)
            #expect(again["duplicate"] as? Bool == true)
            #expect(again["message_id"] as? String == accepted["message_id"] as? String)

            let conversationID = try #require(accepted["conversation_id"] as? String)
            let list = try await client.json(.get, "/api/v1/conversations?platform=custom", token: app.ownerToken)
            let items = try #require(list["items"] as? [[String: Any]])
            #expect(items.map { $0["id"] as? String } == [conversationID])
            #expect(items.first?["buyer_name"] as? String == "Lan <b>")
            #expect(items.first?["next_deadline"] as? String == "2026-11-01T09:00:00Z")

            let reply = try await client.json(
                .post, "/api/v1/conversations/\(conversationID)/replies", token: app.agentToken, body: ["text": "Dạ còn ạ", "client_id": "r1"])
            #expect(reply.status == .created)
            #expect(reply["delivery_status"] as? String == "queued")
            let note = try await client.json(
                .post, "/api/v1/conversations/\(conversationID)/notes", token: app.agentToken, body: ["text": "regular buyer"])
            #expect(note["direction"] as? String == "note")
            let tags = try await client.json(
                .put, "/api/v1/conversations/\(conversationID)/tags", token: app.agentToken, body: ["tags": ["VIP", "pre-sale"]])
            #expect(tags["tags"] as? [String] == ["pre-sale", "vip"])
            let resolved = try await client.json(
                .post, "/api/v1/conversations/\(conversationID)/status", token: app.agentToken, body: ["status": "resolved"])
            #expect(resolved["status"] as? String == "resolved")
            let snoozeWithoutTime = try await client.json(
                .post, "/api/v1/conversations/\(conversationID)/status", token: app.agentToken, body: ["status": "snoozed"])
            #expect(snoozeWithoutTime.status == .unprocessableContent)
            let me = try await client.json(.get, "/api/v1/me", token: app.agentToken)
            let assigned = try await client.json(
                .post, "/api/v1/conversations/\(conversationID)/assign", token: app.ownerToken, body: ["assignee_id": me["id"] as! String])
            #expect(assigned["assignee_id"] as? String == me["id"] as? String)

            let detail = try await client.json(.get, "/api/v1/conversations/\(conversationID)", token: app.ownerToken)
            let messages = try #require(detail["messages"] as? [[String: Any]])
            #expect(messages.map { $0["direction"] as? String } == ["inbound", "outbound", "note"])

            let buyerID = try #require(items.first?["buyer_id"] as? String)
            let buyer = try await client.json(.get, "/api/v1/buyers/\(buyerID)", token: app.ownerToken)
            #expect((buyer["identities"] as? [[String: Any]])?.first?["platform_user_id"] as? String == "buyer-7")

            let notCustom = try await client.json(
                .post, "/api/v1/channels", token: app.ownerToken,
                body: [
                    "platform": "line", "name": "LINE TH", "market": "TH",
                    "credentials": ["channel_secret": secret, "channel_access_token": "t"],
                ])
            let linePath = "/api/v1/channels/\(try #require(notCustom["id"] as? String))/messages"
            var headers = HTTPFields()
            headers[HTTPField.Name("X-ShopDesk-Signature")!] = signature
            #expect(try await client.json(.post, linePath, rawBody: body, headers: headers).status == .unauthorized)
        }
    }

    @Test("a revoked token stops working at once")
    func revokeToken() async throws {
        try await TestApp.run { app, client in
            let created = try await client.json(.post, "/api/v1/tokens", token: app.ownerToken, body: ["name": "integration"])
            #expect(created.status == .created)
            let secret = try #require(created["secret"] as? String)
            let id = try #require((created["token"] as? [String: Any])?["id"] as? String)
            #expect(try await client.json(.get, "/api/v1/me", token: secret).status == .ok)
            let listed = try await client.json(.get, "/api/v1/tokens", token: app.ownerToken)
            #expect(!listed.raw.contains(secret))
            #expect(try await client.json(.delete, "/api/v1/tokens/\(id)", token: app.ownerToken).status == .noContent)
            #expect(try await client.json(.get, "/api/v1/me", token: secret).status == .unauthorized)
            #expect(try await client.json(.delete, "/api/v1/tokens/\(id)", token: app.ownerToken).status == .notFound)
        }
    }

    @Test("health, metrics and the API document are served")
    func operations() async throws {
        try await TestApp.run { _, client in
            let health = try await client.execute(uri: "/healthz", method: .get, headers: [:], body: nil)
            #expect(health.status == .ok)
            let metrics = try await client.execute(uri: "/metrics", method: .get, headers: [:], body: nil)
            #expect(String(buffer: metrics.body).contains("shopdesk_ingest_batches_total"))
            let document = try await client.execute(uri: "/api/v1/openapi.yaml", method: .get, headers: [:], body: nil)
            #expect(document.status == .ok)
            #expect(String(buffer: document.body).hasPrefix("openapi: 3.1"))
        }
    }
}
