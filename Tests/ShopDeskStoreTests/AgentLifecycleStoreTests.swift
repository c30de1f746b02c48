import Foundation
import Testing

@testable import ShopDeskCore
@testable import ShopDeskStore

@Suite("Agent life cycle in the store")
struct AgentLifecycleStoreTests {
    @Test(
        "deactivating an agent ends their sessions and revokes their tokens in one go; reactivating lets them sign in again",
        arguments: TestEngine.available)
    func deactivateAndReactivate(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let now = Date.fixture(100)
            let session = try await store.createSession(for: fixture.owner, lifetime: 3600, now: now)
            let (_, secret) = try await store.createToken(name: "script", agent: fixture.owner, now: now)
            #expect(try await store.agent(sessionToken: session, now: now) != nil)

            let deactivated = try await store.setAgentActive(false, agent: fixture.owner.id, workspace: fixture.workspace.id, now: now)
            #expect(deactivated.deactivatedAt == now)
            #expect(try await store.agent(sessionToken: session, now: now) == nil)
            #expect(try await store.agent(apiToken: secret, now: now) == nil)
            #expect(try await store.agentCredentials(email: fixture.owner.email) == nil)
            #expect(try await store.listAgents(workspace: fixture.workspace.id).first?.deactivatedAt == now, "the agent and their name stay")

            let reactivated = try await store.setAgentActive(true, agent: fixture.owner.id, workspace: fixture.workspace.id, now: now)
            #expect(reactivated.deactivatedAt == nil)
            #expect(try await store.agentCredentials(email: fixture.owner.email) != nil)
            #expect(try await store.agent(apiToken: secret, now: now) == nil, "revoked tokens stay revoked")
            await #expect(throws: StoreError.self) {
                try await store.setAgentActive(false, agent: Agent.ID("nobody"), workspace: fixture.workspace.id, now: now)
            }
        }
    }
}

@Suite("Password reset codes in the store")
struct PasswordResetStoreTests {
    @Test("a code works once, before it expires, for its agent only; it ends the agent's sessions", arguments: TestEngine.available)
    func redeemOnce(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let now = Date.fixture(100)
            let session = try await store.createSession(for: fixture.owner, lifetime: 3600, now: now)
            let (code, expires) = try await store.issuePasswordReset(for: fixture.owner.id, workspace: fixture.workspace.id, now: now)
            #expect(expires == now.addingTimeInterval(SQLStore.passwordResetLifetime))
            #expect(code.count == 14)
            let email = fixture.owner.email
            #expect(try await store.redeemPasswordReset(email: email, code: "AAAA-BBBB-CCCC", newPasswordHash: "h1", now: now) == nil)
            #expect(try await store.redeemPasswordReset(email: "other@example.com", code: code, newPasswordHash: "h1", now: now) == nil)
            #expect(try await store.redeemPasswordReset(email: email, code: code, newPasswordHash: "h1", now: expires) == nil, "expired")
            // Typed in lower case with spaces, it is the same code.
            let typed = code.lowercased().replacingOccurrences(of: "-", with: " ")
            #expect(try await store.redeemPasswordReset(email: email, code: typed, newPasswordHash: "h1", now: now)?.id == fixture.owner.id)
            #expect(try await store.agentCredentials(email: email)?.passwordHash == "h1")
            #expect(try await store.agent(sessionToken: session, now: now) == nil)
            #expect(try await store.redeemPasswordReset(email: email, code: code, newPasswordHash: "h2", now: now) == nil, "used up")
        }
    }
}
