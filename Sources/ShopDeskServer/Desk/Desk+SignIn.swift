import Foundation
import HummingbirdBcrypt
import Logging
import NIOPosix
import ShopDeskCore
import ShopDeskStore
import Synchronization

extension Desk {
    /// The agent behind a bearer token or a session token (the token wins when both are sent).
    func authenticate(bearerToken: String?, sessionToken: String?) async throws -> AuthenticatedAgent {
        if let bearerToken {
            guard let agent = try await self.store.agent(apiToken: bearerToken, now: self.now) else {
                throw DeskError.notSignedIn("the API token is unknown or revoked")
            }
            return AuthenticatedAgent(agent: agent, sessionToken: nil)
        }
        if let sessionToken {
            guard let agent = try await self.store.agent(sessionToken: sessionToken, now: self.now) else {
                throw DeskError.notSignedIn("the session has expired; sign in again")
            }
            return AuthenticatedAgent(agent: agent, sessionToken: sessionToken)
        }
        throw DeskError.signInRequired
    }

    /// Checks an e-mail and password, taking as long whether or not the e-mail exists (an unknown one
    /// is checked against a fixed hash), and opens a session. Both outcomes are audited in the agent's
    /// workspace (an unknown e-mail has none). After too many failures for the account or from the client's
    /// address, attempts are refused without checking the password, whichever way they come (API or web form).
    func signIn(email: String, password: String, from clientAddress: String? = nil) async throws -> (agent: Agent, session: String) {
        let email = Agent.normalizedEmail(email)
        let attempt = SignInAttempt(email: email, clientAddress: clientAddress)
        if let wait = self.signInLimiter.waitBeforeTrying(attempt, now: self.now) {
            throw DeskError.tooManyAttempts(retryAfter: wait)
        }
        let found = try await self.store.agentCredentials(email: email)
        let hash: String
        if let stored = found?.passwordHash { hash = stored } else { hash = try await self.unknownUserHash.value() }
        let matches = try await PasswordHasher.verify(password, hash: hash)
        let now = self.now
        guard let found, matches else {
            self.signInLimiter.recordFailure(attempt, now: now)
            if let found {
                try await self.store.recordAudit(.signInFailed, by: .init(found.agent), workspace: found.agent.workspaceID, now: now)
                self.finish((), .audited(.signInFailed))
            }
            throw DeskError.notSignedIn("wrong e-mail or password")
        }
        self.signInLimiter.succeeded(attempt)
        let session = try await self.store.createSession(for: found.agent, lifetime: self.sessionLifetime, now: now)
        try await self.store.recordAudit(.signIn, by: .init(found.agent), workspace: found.agent.workspaceID, now: now)
        self.logger.info("agent signed in", metadata: ["agent": "\(found.agent.id)"])
        return self.finish((found.agent, session), .audited(.signIn))
    }

    /// Ends the session the agent signed in with (a token is not a session and stays valid).
    func signOut(_ signedIn: AuthenticatedAgent) async throws {
        if let session = signedIn.sessionToken {
            try await self.store.deleteSession(token: session)
        }
    }
}

/// bcrypt hashing and checking, off the event loops: one hash costs tens of milliseconds by design.
enum PasswordHasher {
    static func hash(_ password: String, cost: UInt8) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    static func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}

/// A hash of a random password at the configured cost, checked against when an e-mail is unknown, so
/// that a sign-in takes as long whether or not the e-mail exists. Made on first need (not at start-up)
/// and then kept.
final class UnknownUserHash: Sendable {
    private let cost: UInt8
    private let made = Mutex<String?>(nil)

    init(cost: UInt8) {
        self.cost = cost
    }

    func value() async throws -> String {
        if let hash = self.made.withLock({ $0 }) { return hash }
        let hash = try await PasswordHasher.hash(TokenHasher.makeToken(prefix: ""), cost: self.cost)
        return self.made.withLock { current in
            if let current { return current }
            current = hash
            return hash
        }
    }
}
