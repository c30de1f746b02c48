import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import ShopDeskServer

/// One-time reset codes issued by an owner (issue 15, part 3).
@Suite("Agent accounts: reset codes and the agents page")
struct AgentAccountTests {
    @Test("an owner issues a code shown once; the agent sets a new password with it, once; wrong codes are throttled like sign-ins")
    func resetWithCode() async throws {
        try await TestApp.run { app, client in
            let agents = try await client.json(.get, "/api/v1/agents", token: app.ownerToken)
            let agent = try #require((agents["items"] as? [[String: Any]])?.first { $0["email"] as? String == "agent@example.com" }?["id"] as? String)
            let byAgent = try await client.json(.post, "/api/v1/agents/\(agent)/password-reset", token: app.agentToken)
            #expect(byAgent.status == .forbidden)
            let issued = try await client.json(.post, "/api/v1/agents/\(agent)/password-reset", token: app.ownerToken)
            #expect(issued.status == .created, "\(issued.raw)")
            let code = try #require(issued["code"] as? String)

            let reset = "/api/v1/auth/reset-password"
            let weak = try await client.json(.post, reset, body: ["email": "agent@example.com", "code": code, "new_password": "short"])
            #expect(weak.status == .unprocessableContent)
            let done = try await client.json(.post, reset, body: ["email": "agent@example.com", "code": code, "new_password": "a new passphrase 2"])
            #expect(done.status == .noContent, "\(done.raw)")
            #expect(try await client.json(.get, "/api/v1/me", token: app.agentToken).status == .unauthorized, "the old session ended")
            let login = try await client.json(.post, "/api/v1/auth/login", body: ["email": "agent@example.com", "password": "a new passphrase 2"])
            #expect(login.status == .ok)
            let again = try await client.json(.post, reset, body: ["email": "agent@example.com", "code": code, "new_password": "another one 3"])
            #expect(again.status == .unauthorized)
            #expect(try await PrivacyComplianceAPITests.audit(client, app: app, action: "password_reset_issued").count == 1)
            #expect(try await PrivacyComplianceAPITests.audit(client, app: app, action: "password_reset").count == 1)

            // Guessing: after five wrong codes for the address, attempts are refused without checking.
            var statuses: [Int] = []
            for _ in 0..<6 {
                let guess = try await client.json(
                    .post, reset, body: ["email": "agent@example.com", "code": "AAAA-BBBB-CCCC", "new_password": "guess pass 4"])
                statuses.append(Int(guess.status.code))
            }
            #expect(statuses.suffix(2) == [429, 429])
        }
    }

    @Test("the sign-in page leads to the reset form, which sets the new password and says so")
    func resetOnTheWeb() async throws {
        try await TestApp.run { app, client in
            let agents = try await client.json(.get, "/api/v1/agents", token: app.ownerToken)
            let agent = try #require((agents["items"] as? [[String: Any]])?.first { $0["email"] as? String == "agent@example.com" }?["id"] as? String)
            let code = try #require(try await client.json(.post, "/api/v1/agents/\(agent)/password-reset", token: app.ownerToken)["code"] as? String)
            let form = try await client.execute(uri: "/login/reset", method: .get, headers: [.acceptLanguage: "vi"], body: nil)
            #expect(String(buffer: form.body).contains("Đặt mật khẩu mới"))
            let cookie = try #require(WebPageTests.cookie(form))
            let csrf = String(cookie.split(separator: "=")[1])
            let done = try await TranslatedPages.post(
                client, "/login/reset", ["csrf": csrf, "email": "agent@example.com", "code": code, "password": "từ nay mật khẩu mới"],
                headers: [.acceptLanguage: "vi", .cookie: cookie])
            #expect(done.status == .ok)
            #expect(String(buffer: done.body).contains("Đã đặt mật khẩu mới"))
            let login = try await client.json(.post, "/api/v1/auth/login", body: ["email": "agent@example.com", "password": "từ nay mật khẩu mới"])
            #expect(login.status == .ok)
        }
    }

    @Test("the agents page: an owner deactivates an agent, whose session ends at once; agents may not open it")
    func agentsPage() async throws {
        try await TestApp.run { app, client in
            let session = try await WebPageTests.signIn(client, app: app)
            let headers: HTTPFields = [.cookie: session]
            let page = String(buffer: try await client.execute(uri: "/agents", method: .get, headers: headers, body: nil).body)
            #expect(page.contains("agent@example.com"))
            let agents = try await client.json(.get, "/api/v1/agents", token: app.ownerToken)
            let agent = try #require((agents["items"] as? [[String: Any]])?.first { $0["email"] as? String == "agent@example.com" }?["id"] as? String)
            let forbidden = try await client.execute(uri: "/agents", method: .get, headers: [.cookie: app.agentToken], body: nil)
            #expect(forbidden.status == .forbidden)
            let done = try await TranslatedPages.post(
                client, "/agents/\(agent)/active", ["csrf": try WebPageTests.csrf(in: page), "active": "0"], headers: headers)
            #expect(done.status == .seeOther)
            #expect(try await client.json(.get, "/api/v1/me", token: app.agentToken).status == .unauthorized)
        }
    }
}
