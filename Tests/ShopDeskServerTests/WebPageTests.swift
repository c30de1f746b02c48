import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import ShopDeskCore
@testable import ShopDeskServer

@Suite("Web pages: sign-in, inbox and conversation, escaped and CSRF-protected")
struct WebPageTests {
    /// A form post with cookies.
    static func post(_ client: any TestClientProtocol, _ path: String, form: [String: String], cookies: [String]) async throws -> TestResponse {
        var headers = HTTPFields()
        headers[.contentType] = "application/x-www-form-urlencoded"
        headers[.cookie] = cookies.joined(separator: "; ")
        let body = form.map { key, value in
            "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        }.joined(separator: "&")
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    static func get(_ client: any TestClientProtocol, _ path: String, cookies: [String]) async throws -> TestResponse {
        var headers = HTTPFields()
        headers[.cookie] = cookies.joined(separator: "; ")
        return try await client.execute(uri: path, method: .get, headers: headers, body: nil)
    }

    /// The first CSRF token in a page's forms.
    static func csrf(in page: String) throws -> String {
        try #require(page.components(separatedBy: "name=\"csrf\" value=\"").dropFirst().first?.split(separator: "\"").first).description
    }

    /// The `name=value` part of a response's Set-Cookie.
    static func cookie(_ response: TestResponse) -> String? {
        response.headers[.setCookie].map { String($0.split(separator: ";")[0]) }
    }

    /// Signs the owner in through the page; returns the session cookie.
    static func signIn(_ client: any TestClientProtocol, app: TestApp) async throws -> String {
        let page = try await client.execute(uri: "/login", method: .get, headers: [:], body: nil)
        let csrf = try #require(Self.cookie(page))
        let token = String(csrf.split(separator: "=", maxSplits: 1)[1])
        let signedIn = try await Self.post(
            client, "/login", form: ["csrf": token, "email": app.ownerEmail, "password": app.ownerPassword], cookies: [csrf])
        #expect(signedIn.status == .seeOther)
        return try #require(Self.cookie(signedIn))
    }

    @Test("the sign-in form needs its CSRF token, refuses wrong passwords, and stops after five failures for an address")
    func signIn() async throws {
        try await TestApp.run { app, client in
            let page = try await client.execute(uri: "/login", method: .get, headers: [:], body: nil)
            #expect(page.status == .ok)
            #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            let csrf = try #require(Self.cookie(page))
            #expect(page.headers[.setCookie]?.contains("HttpOnly") == true)
            let token = String(csrf.split(separator: "=", maxSplits: 1)[1])
            #expect(String(buffer: page.body).contains("value=\"\(token)\""))

            let noToken = try await Self.post(client, "/login", form: ["email": app.ownerEmail, "password": app.ownerPassword], cookies: [csrf])
            #expect(noToken.status == .forbidden)
            let otherToken = try await Self.post(
                client, "/login", form: ["csrf": "forged", "email": app.ownerEmail, "password": app.ownerPassword], cookies: [csrf])
            #expect(otherToken.status == .forbidden)

            for _ in 1...5 {
                let wrong = try await Self.post(
                    client, "/login", form: ["csrf": token, "email": "someone@example.com", "password": "nope"], cookies: [csrf])
                #expect(wrong.status == .unauthorized)
            }
            let limited = try await Self.post(
                client, "/login", form: ["csrf": token, "email": "someone@example.com", "password": "nope"], cookies: [csrf])
            #expect(limited.status == .tooManyRequests)

            let session = try await Self.signIn(client, app: app)
            #expect(session.hasPrefix("shopdesk_session="))
            let inbox = try await Self.get(client, "/", cookies: [session])
            #expect(inbox.status == .ok)
            #expect(try await Self.get(client, "/", cookies: []).status == .seeOther)
        }
    }

    @Test("buyer text with script tags, attribute breakers and javascript: links is shown literally, never as markup")
    func escaping() async throws {
        try await TestApp.run { app, client in
            let site = try await CustomBuyer.make(client, app: app)
            let attacks = [
                "<script>alert('x')</script>",
                "\"><img src=x onerror=alert(1)>",
                "javascript:alert(document.cookie)",
            ]
            var conversation = ""
            for (index, attack) in attacks.enumerated() {
                conversation = try await site.say(attack, buyer: "evil", id: "m\(index)", client: client)
            }
            let session = try await Self.signIn(client, app: app)
            for path in ["/", "/conversations/\(conversation)", "/?q=%3Cscript%3E"] {
                let page = try await Self.get(client, path, cookies: [session])
                #expect(page.status == .ok, "\(path)")
                let html = String(buffer: page.body)
                #expect(!html.contains("<script>alert"), "\(path)")
                #expect(!html.contains("<img src=x"), "\(path)")
                #expect(!html.contains("href=\"javascript:"), "\(path)")
                #expect(!html.contains("onerror=alert(1)>"), "\(path)")
            }
            let thread = String(buffer: try await Self.get(client, "/conversations/\(conversation)", cookies: [session]).body)
            #expect(thread.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
            #expect(thread.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
            #expect(thread.contains("javascript:alert(document.cookie)"))
            // The only script on the page is the UI's own file.
            #expect(thread.components(separatedBy: "<script").count == 2)
            #expect(thread.contains("<script src=\"/assets/app.js\" defer></script>"))
        }
    }

    @Test("a reply through the page is checked: a phone number on Shopee is refused with the reason; a clean one is queued; no CSRF token, no reply")
    func replyForm() async throws {
        try await TestApp.run { app, client in
            let conversation = try await PrivacyComplianceAPITests.shopeeConversation(client, app: app, text: "Ada stok saiz M?")
            let session = try await Self.signIn(client, app: app)
            let page = String(buffer: try await Self.get(client, "/conversations/\(conversation)", cookies: [session]).body)
            let csrf = try Self.csrf(in: page)
            let path = "/conversations/\(conversation)/reply"
            #expect(try await Self.post(client, path, form: ["text": "Ada kak"], cookies: [session]).status == .forbidden)
            let blocked = try await Self.post(client, path, form: ["csrf": csrf, "text": "WhatsApp saya 012-345 6789"], cookies: [session])
            #expect(blocked.status == .unprocessableContent)
            let html = String(buffer: blocked.body)
            #expect(html.contains("findings block"))
            #expect(html.contains("012-345 6789"))
            let sent = try await Self.post(client, path, form: ["csrf": csrf, "text": "Ada kak, saiz M masih ada"], cookies: [session])
            #expect(sent.status == .seeOther)
            let detail = try await client.json(.get, "/api/v1/conversations/\(conversation)", token: app.ownerToken)
            #expect((detail["messages"] as? [[String: Any]])?.last?["text"] as? String == "Ada kak, saiz M masih ada")
        }
    }

    @Test("a reply of 20,000 Thai characters fits through the form (about 180 KB percent-encoded) and is recorded whole")
    func longReplyForm() async throws {
        try await TestApp.run { app, client in
            let conversation = try await PrivacyComplianceAPITests.shopeeConversation(client, app: app, text: "Ada stok saiz M?")
            let session = try await Self.signIn(client, app: app)
            let csrf = try Self.csrf(in: String(buffer: try await Self.get(client, "/conversations/\(conversation)", cookies: [session]).body))
            let text = String(repeating: "มีสีดำไหมคะ ", count: 20_000 / 12) + "ครับ"
            let sent = try await Self.post(client, "/conversations/\(conversation)/reply", form: ["csrf": csrf, "text": text], cookies: [session])
            #expect(sent.status == .seeOther)
            let detail = try await client.json(.get, "/api/v1/conversations/\(conversation)", token: app.ownerToken)
            #expect((detail["messages"] as? [[String: Any]])?.last?["text"] as? String == text.trimmingCharacters(in: .whitespaces))
        }
    }

    @Test("the inbox and thread fragments and the dashboard need a session; the dashboard draws each metric's rate as SVG")
    func fragmentsAndDashboard() async throws {
        try await TestApp.run { app, client in
            let conversation = try await PrivacyComplianceAPITests.shopeeConversation(client, app: app, text: "Ada stok <b>saiz M</b>?")
            for path in ["/partials/inbox", "/partials/conversations/\(conversation)/thread", "/events"] {
                #expect(try await Self.get(client, path, cookies: []).status == .unauthorized, "\(path)")
            }
            #expect(try await Self.get(client, "/dashboard", cookies: []).status == .seeOther)
            let session = try await Self.signIn(client, app: app)
            let rows = try await Self.get(client, "/partials/inbox", cookies: [session])
            #expect(rows.status == .ok)
            #expect(rows.headers[HTTPField.Name("X-At-Risk")!] != nil)
            #expect(String(buffer: rows.body).contains("data-conversation=\"\(conversation)\""))
            let thread = String(buffer: try await Self.get(client, "/partials/conversations/\(conversation)/thread", cookies: [session]).body)
            #expect(thread.contains("Ada stok &lt;b&gt;saiz M&lt;/b&gt;?"))
            let dashboard = try await Self.get(client, "/dashboard", cookies: [session])
            #expect(dashboard.status == .ok)
            let html = String(buffer: dashboard.body)
            #expect(html.contains("<svg class=\"chart\""))
            #expect(html.contains("chat_response_rate"))
        }
    }
}

extension WebPageTests {
    @Test("the conversation page's forms: note, assignment, resolve and reopen, snooze, tags; each needs the CSRF token")
    func actions() async throws {
        try await TestApp.run { app, client in
            let site = try await CustomBuyer.make(client, app: app)
            let conversation = try await site.say("Hi, is the blue one in stock?", client: client)
            let session = try await Self.signIn(client, app: app)
            let page = String(buffer: try await Self.get(client, "/conversations/\(conversation)", cookies: [session]).body)
            let csrf = try Self.csrf(in: page)
            let base = "/conversations/\(conversation)"
            #expect(try await Self.post(client, base + "/note", form: ["text": "VIP"], cookies: [session]).status == .forbidden)
            for (action, form) in [
                ("note", ["text": "regular buyer, <b>VIP</b>"]), ("assign", ["assignee": "me"]), ("tags", ["tags": "vip, pre-sale"]),
                ("status", ["status": "snoozed", "snooze": "4"]), ("status", ["status": "resolved"]),
            ] {
                let response = try await Self.post(client, base + "/" + action, form: form.merging(["csrf": csrf]) { $1 }, cookies: [session])
                #expect(response.status == .seeOther, "\(action)")
            }
            let detail = try await client.json(.get, "/api/v1/conversations/\(conversation)", token: app.ownerToken)
            let state = try #require(detail["conversation"] as? [String: Any])
            #expect(state["status"] as? String == "resolved")
            #expect(state["tags"] as? [String] == ["pre-sale", "vip"])
            #expect(state["assignee_id"] as? String != nil)
            #expect((detail["messages"] as? [[String: Any]])?.last?["direction"] as? String == "note")
            let shown = String(buffer: try await Self.get(client, base, cookies: [session]).body)
            #expect(shown.contains("regular buyer, &lt;b&gt;VIP&lt;/b&gt;"))
            #expect(try await Self.post(client, base + "/nonsense", form: ["csrf": csrf], cookies: [session]).status == .notFound)
            // The buyer beside the thread, and the inbox's filters.
            #expect(shown.contains("<aside class=\"buyer\""))
            #expect(shown.contains("<code>buyer-1</code>"))
            for (filter, expected) in [
                ("assignee=me", true), ("assignee=none", false), ("tag=vip", true), ("tag=other", false), ("kind=review", false),
                ("language=th", false),
            ] {
                let inbox = String(buffer: try await Self.get(client, "/?status=resolved&" + filter, cookies: [session]).body)
                #expect(inbox.contains("data-conversation=\"\(conversation)\"") == expected, "\(filter)")
            }
        }
    }
}

extension WebPageTests {
    @Test("templates: admins add versions per language; the conversation gets the buyer's language with its variables filled in")
    func templates() async throws {
        try await TestApp.run { app, client in
            let site = try await CustomBuyer.make(client, app: app)
            let conversation = try await site.say("Khi nào giao hàng?", buyer: "lan", client: client)
            let session = try await Self.signIn(client, app: app)
            let page = String(buffer: try await Self.get(client, "/templates", cookies: [session]).body)
            let csrf = try Self.csrf(in: page)
            for (language, body) in [("en", "Hi {buyer_name}, it ships today."), ("vi", "Chào {buyer_name}, shop gửi hàng hôm nay ạ.")] {
                let saved = try await Self.post(
                    client, "/templates", form: ["csrf": csrf, "name": "ships today", "language": language, "body": body], cookies: [session])
                #expect(saved.status == .seeOther)
            }
            let invalid = try await Self.post(
                client, "/templates", form: ["csrf": csrf, "name": "x", "language": "not a tag", "body": "y"], cookies: [session])
            #expect(invalid.status == .unprocessableContent)
            let listed = String(buffer: try await Self.get(client, "/templates", cookies: [session]).body)
            #expect(listed.contains("Chào {buyer_name}, shop gửi hàng hôm nay ạ."))
            let thread = String(buffer: try await Self.get(client, "/conversations/\(conversation)", cookies: [session]).body)
            #expect(thread.contains("<option value=\"ships today\">"))
            // CustomBuyer's buyers write in no stated language: English.
            let rendered = try await Self.get(client, "/conversations/\(conversation)/template?name=ships%20today", cookies: [session])
            #expect(String(buffer: rendered.body) == "Hi Buyer lan, it ships today.")
            #expect(try await Self.get(client, "/conversations/\(conversation)/template?name=nope", cookies: [session]).status == .notFound)
        }
    }
}

extension WebPageTests {
    @Test("unread: a buyer message the agent has not opened is marked and counted until the conversation is viewed; the chosen language sticks")
    func unreadAndLanguage() async throws {
        try await TestApp.run { app, client in
            let site = try await CustomBuyer.make(client, app: app)
            let conversation = try await site.say("Còn size M không?", buyer: "unread-1", client: client)
            let session = try await Self.signIn(client, app: app)
            let before = String(buffer: try await Self.get(client, "/", cookies: [session]).body)
            #expect(before.contains("data-conversation=\"\(conversation)\" class=\"unread\""))
            #expect(before.contains("<span id=\"unread\">1</span>"))
            _ = try await Self.get(client, "/conversations/\(conversation)", cookies: [session])
            let after = String(buffer: try await Self.get(client, "/", cookies: [session]).body)
            #expect(!after.contains("class=\"unread\""))
            #expect(after.contains("<span id=\"unread\">0</span>"))
            // Push times have whole seconds: the next message must be later than the reading.
            try await Task.sleep(for: .milliseconds(1100))
            _ = try await site.say("Alo shop?", buyer: "unread-1", client: client)
            #expect(String(buffer: try await Self.get(client, "/", cookies: [session]).body).contains("<span id=\"unread\">1</span>"))

            let csrf = try Self.csrf(in: after)
            #expect(
                try await Self.post(client, "/settings/language", form: ["csrf": csrf, "language": "vi"], cookies: [session]).status == .seeOther)
            let vietnamese = String(buffer: try await Self.get(client, "/", cookies: [session]).body)
            #expect(vietnamese.contains("<html lang=\"vi\">"))
            #expect(vietnamese.contains("Hộp thư"))
        }
    }
}
