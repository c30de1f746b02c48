import Foundation
import HummingbirdBcrypt
import Logging
import NIOPosix
import OpenAPIRuntime
import Synchronization
import ShopDeskCore
import ShopDeskStore

/// The HTTP API v1: implements the operations generated from `openapi.yaml`, so the document and the
/// server cannot drift apart. Errors are thrown (as `APIError`, `StoreError` or `ValidationError`) and
/// `ErrorMiddleware` renders them in the documented shape.
struct APIHandler: APIProtocol {
    let dependencies: AppDependencies

    var store: SQLStore { self.dependencies.store }
    var now: Date { self.dependencies.now() }

    /// The agent behind this request's session cookie or bearer token, or 401.
    func authenticate() async throws -> AuthenticatedAgent {
        let credentials = RequestCredentials.current
        if let token = credentials.bearerToken {
            guard let agent = try await self.store.agent(apiToken: token, now: self.now) else {
                throw APIError.unauthorized("the API token is unknown or revoked")
            }
            return AuthenticatedAgent(agent: agent, sessionToken: nil)
        }
        if let session = credentials.sessionToken {
            guard let agent = try await self.store.agent(sessionToken: session, now: self.now) else {
                throw APIError.unauthorized("the session has expired; sign in again")
            }
            return AuthenticatedAgent(agent: agent, sessionToken: session)
        }
        throw APIError.unauthorized()
    }

    func getOpenAPIDocument(_ input: Operations.GetOpenAPIDocument.Input) async throws -> Operations.GetOpenAPIDocument.Output {
        .ok(.init(body: .yaml(HTTPBody(OpenAPIDocument.bytes))))
    }

    // MARK: Sign-in

    func login(_ input: Operations.Login.Input) async throws -> Operations.Login.Output {
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected a JSON body") }
        guard let signedIn = try await self.dependencies.signIn(email: body.email, password: body.password) else {
            throw APIError.unauthorized("wrong e-mail or password")
        }
        return .ok(.init(
            headers: .init(setCookie: self.dependencies.sessionCookie(signedIn.session)), body: .json(.init(agent: .init(signedIn.agent)))
        ))
    }

    func logout(_ input: Operations.Logout.Input) async throws -> Operations.Logout.Output {
        let signedIn = try await self.authenticate()
        if let session = signedIn.sessionToken {
            try await self.store.deleteSession(token: session)
        }
        return .noContent(.init())
    }

    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        let signedIn = try await self.authenticate()
        return .ok(.init(body: .json(.init(signedIn.agent))))
    }

    // MARK: Agents

    func listAgents(_ input: Operations.ListAgents.Input) async throws -> Operations.ListAgents.Output {
        let signedIn = try await self.authenticate()
        try signedIn.require(.admin)
        let agents = try await self.store.listAgents(workspace: signedIn.workspaceID)
        return .ok(.init(body: .json(.init(items: agents.map(Components.Schemas.Agent.init)))))
    }

    func createAgent(_ input: Operations.CreateAgent.Input) async throws -> Operations.CreateAgent.Output {
        let signedIn = try await self.authenticate()
        try signedIn.require(.admin)
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected a JSON body") }
        let role = Agent.Role(rawValue: body.role.rawValue)!
        if role >= .admin { try signedIn.require(.owner) }
        let email = try Agent.validatedEmail(body.email)
        let name = try ValidationError.validatedName(body.name)
        try Agent.validatePassword(body.password)
        let access: Agent.ChannelAccess = body.channelAccountIds.map { .only(Set($0.map { ChannelAccount.ID(rawValue: $0) })) } ?? .all
        let hash = try await PasswordHasher.hash(body.password, cost: self.dependencies.settings.bcryptCost)
        let agent = try await self.store.createAgent(
            workspace: signedIn.workspaceID, email: email, name: name, role: role, channelAccess: access, passwordHash: hash,
            now: self.now
        )
        try await self.store.recordAudit(
            .agentCreated, by: .init(signedIn.agent), workspace: signedIn.workspaceID, subject: ("agent", agent.id.rawValue),
            detail: "role \(agent.role.rawValue)", now: self.now
        )
        return .created(.init(body: .json(.init(agent))))
    }

    // MARK: Tokens

    func listTokens(_ input: Operations.ListTokens.Input) async throws -> Operations.ListTokens.Output {
        let signedIn = try await self.authenticate()
        try signedIn.require(.admin)
        let tokens = try await self.store.listTokens(workspace: signedIn.workspaceID)
        return .ok(.init(body: .json(.init(items: tokens.map(Components.Schemas.ApiToken.init)))))
    }

    func createToken(_ input: Operations.CreateToken.Input) async throws -> Operations.CreateToken.Output {
        let signedIn = try await self.authenticate()
        try signedIn.require(.admin)
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected a JSON body") }
        let name = try ValidationError.validatedName(body.name)
        let (token, secret) = try await self.store.createToken(name: name, agent: signedIn.agent, now: self.now)
        try await self.store.recordAudit(
            .tokenCreated, by: .init(signedIn.agent), workspace: signedIn.workspaceID, subject: ("api_token", token.id.rawValue),
            detail: "named \(name)", now: self.now
        )
        return .created(.init(body: .json(.init(token: .init(token), secret: secret))))
    }

    func deleteToken(_ input: Operations.DeleteToken.Input) async throws -> Operations.DeleteToken.Output {
        let signedIn = try await self.authenticate()
        try signedIn.require(.admin)
        try await self.store.revokeToken(ApiToken.ID(rawValue: input.path.tokenId), workspace: signedIn.workspaceID, now: self.now)
        try await self.store.recordAudit(
            .tokenRevoked, by: .init(signedIn.agent), workspace: signedIn.workspaceID, subject: ("api_token", input.path.tokenId), now: self.now
        )
        return .noContent(.init())
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
