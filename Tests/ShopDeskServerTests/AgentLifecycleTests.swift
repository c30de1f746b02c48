import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import ShopDeskServer

@Suite("Agent life cycle")
struct AgentLifecycleTests {
    /// Signs in through the API; returns the session cookie.
    static func signIn(_ client: any TestClientProtocol, email: String, password: String) async throws -> JSONResponse {
        try await client.json(.post, "/api/v1/auth/login", body: ["email": email, "password": password])
    }

    static func cookie(_ response: JSONResponse) throws -> String {
        String(try #require(response.headers[.setCookie]).split(separator: ";")[0])
    }

    @Test("a deactivated agent's session cookie and API token get 401 on the next request, and they cannot sign in until reactivated")
    func deactivation() async throws {
        try await TestApp.run { app, client in
            let created = try await client.json(
                .post, "/api/v1/agents", token: app.ownerToken,
                body: [
                    "email": "leaving@example.com", "name": "Leaving", "role": "admin", "password": "leaving password 1",
                ])
            let id = try #require(created["id"] as? String)
            let session = try Self.cookie(try await Self.signIn(client, email: "leaving@example.com", password: "leaving password 1"))
            let token = try #require(
                try await client.json(.post, "/api/v1/tokens", token: session, body: ["name": "their script"])["secret"] as? String)
            #expect(try await client.json(.get, "/api/v1/me", token: token).status == .ok)

            #expect(try await client.json(.patch, "/api/v1/agents/\(id)", token: app.agentToken, body: ["active": false]).status == .forbidden)
            let deactivated = try await client.json(.patch, "/api/v1/agents/\(id)", token: app.ownerToken, body: ["active": false])
            #expect(deactivated.status == .ok)
            #expect(deactivated["deactivated_at"] as? String != nil)
            #expect(try await client.json(.get, "/api/v1/me", token: session).status == .unauthorized)
            #expect(try await client.json(.get, "/api/v1/me", token: token).status == .unauthorized)
            #expect(try await Self.signIn(client, email: "leaving@example.com", password: "leaving password 1").status == .unauthorized)
            let audit = try await PrivacyComplianceAPITests.audit(client, app: app, action: "agent_deactivated")
            #expect(audit.first?["subject_id"] as? String == id)

            let reactivated = try await client.json(.patch, "/api/v1/agents/\(id)", token: app.ownerToken, body: ["active": true])
            #expect(reactivated.status == .ok)
            #expect(reactivated["deactivated_at"] == nil || reactivated["deactivated_at"] is NSNull)
            #expect(try await Self.signIn(client, email: "leaving@example.com", password: "leaving password 1").status == .ok)
            #expect(try await client.json(.get, "/api/v1/me", token: token).status == .unauthorized, "a revoked token stays revoked")

            let me = try #require(try await client.json(.get, "/api/v1/me", token: app.ownerToken)["id"] as? String)
            #expect(
                try await client.json(.patch, "/api/v1/agents/\(me)", token: app.ownerToken, body: ["active": false]).status == .unprocessableContent)
        }
    }

    @Test("an agent changes their password with the current one; the old one stops working and their other sessions end")
    func passwordChange() async throws {
        try await TestApp.run { app, client in
            let first = try Self.cookie(try await Self.signIn(client, email: "agent@example.com", password: "agent password 1"))
            let second = try Self.cookie(try await Self.signIn(client, email: "agent@example.com", password: "agent password 1"))
            let wrong = try await client.json(
                .post, "/api/v1/me/password", token: first, body: ["current_password": "guess", "new_password": "a new password 2"])
            #expect(wrong.status == .unprocessableContent)
            let short = try await client.json(
                .post, "/api/v1/me/password", token: first, body: ["current_password": "agent password 1", "new_password": "short"])
            #expect(short.status == .unprocessableContent)
            let changed = try await client.json(
                .post, "/api/v1/me/password", token: first, body: ["current_password": "agent password 1", "new_password": "a new password 2"])
            #expect(changed.status == .noContent)
            #expect(try await client.json(.get, "/api/v1/me", token: first).status == .ok, "the session that changed it stays")
            #expect(try await client.json(.get, "/api/v1/me", token: second).status == .unauthorized)
            #expect(try await Self.signIn(client, email: "agent@example.com", password: "agent password 1").status == .unauthorized)
            #expect(try await Self.signIn(client, email: "agent@example.com", password: "a new password 2").status == .ok)
            #expect(try await PrivacyComplianceAPITests.audit(client, app: app, action: "password_changed").count == 1)
        }
    }
}
