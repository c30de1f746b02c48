import Foundation
import Logging
import ShopDeskCore
import ShopDeskStore

/// Sign-in as the API and the web pages both do it.
extension AppDependencies {
    /// Checks an e-mail and password, taking as long whether or not the e-mail exists (an unknown one
    /// is checked against a fixed hash), and opens a session. Both outcomes are audited in the agent's
    /// workspace (an unknown e-mail has none). Nil for a wrong e-mail or password.
    func signIn(email: String, password: String) async throws -> (agent: Agent, session: String)? {
        let found = try await self.store.agentCredentials(email: email)
        let hash: String
        if let stored = found?.passwordHash { hash = stored } else { hash = try await self.unknownUserHash.value() }
        let matches = try await PasswordHasher.verify(password, hash: hash)
        let now = self.now()
        guard let found, matches else {
            if let found { try await self.store.recordAudit(.signInFailed, by: .init(found.agent), workspace: found.agent.workspaceID, now: now) }
            return nil
        }
        let session = try await self.store.createSession(for: found.agent, lifetime: self.settings.sessionLifetime, now: now)
        try await self.store.recordAudit(.signIn, by: .init(found.agent), workspace: found.agent.workspaceID, now: now)
        self.logger.info("agent signed in", metadata: ["agent": "\(found.agent.id)"])
        return (found.agent, session)
    }

    /// The `Set-Cookie` value for a session (or, with nil, one that ends it).
    func sessionCookie(_ session: String?) -> String {
        let name = RequestCredentialsMiddleware<ShopDeskRequestContext>.sessionCookieName
        var cookie = "\(name)=\(session ?? ""); Path=/; HttpOnly; SameSite=Lax; Max-Age=\(session == nil ? 0 : Int(self.settings.sessionLifetime))"
        if self.settings.secureCookies { cookie += "; Secure" }
        return cookie
    }
}
