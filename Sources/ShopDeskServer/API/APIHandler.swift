import Foundation
import HTTPTypes
import Hummingbird
import OpenAPIRuntime
import ShopDeskCore
import ShopDeskStore

/// The HTTP API v1: implements the operations generated from `openapi.yaml`, so the document and the
/// server cannot drift apart. Each operation decodes its input, calls one action of the desk, and
/// encodes the result; errors are thrown as they are and `ErrorMiddleware` renders them in the
/// documented shape.
struct APIHandler: APIProtocol {
    let desk: Desk
    let sessionCookie: SessionCookie

    var now: Date { self.desk.now }

    /// The agent behind this request's session cookie or bearer token, or 401.
    func authenticate() async throws -> AuthenticatedAgent {
        let credentials = RequestCredentials.current
        return try await self.desk.authenticate(bearerToken: credentials.bearerToken, sessionToken: credentials.sessionToken)
    }

    static let expectedJSON = HTTPProblem.badRequest("expected a JSON body")

    /// The documented error shape for a problem.
    static func response(for problem: HTTPProblem) -> Response {
        let envelope = Components.Schemas.ErrorResponse(
            error: .init(code: problem.code, message: problem.message, compliance: problem.compliance.map(Components.Schemas.ComplianceResult.init))
        )
        let data = (try? JSONEncoder().encode(envelope)) ?? Data()
        var headers = problem.headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: problem.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    func getOpenAPIDocument(_ input: Operations.GetOpenAPIDocument.Input) async throws -> Operations.GetOpenAPIDocument.Output {
        .ok(.init(body: .yaml(HTTPBody(OpenAPIDocument.bytes))))
    }

    // MARK: Sign-in

    func login(_ input: Operations.Login.Input) async throws -> Operations.Login.Output {
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        let (agent, session) = try await self.desk.signIn(
            email: body.email, password: body.password, from: RequestCredentials.current.clientAddress)
        return .ok(
            .init(
                headers: .init(setCookie: self.sessionCookie.header(session, overHTTPS: RequestCredentials.current.overHTTPS)),
                body: .json(.init(agent: .init(agent)))))
    }

    func logout(_ input: Operations.Logout.Input) async throws -> Operations.Logout.Output {
        try await self.desk.signOut(try await self.authenticate())
        return .noContent(.init())
    }

    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        .ok(.init(body: .json(.init(try await self.authenticate().agent))))
    }

    // MARK: Agents and tokens

    func listAgents(_ input: Operations.ListAgents.Input) async throws -> Operations.ListAgents.Output {
        let agents = try await self.desk.agents(by: try await self.authenticate())
        return .ok(.init(body: .json(.init(items: agents.map(Components.Schemas.Agent.init)))))
    }

    func createAgent(_ input: Operations.CreateAgent.Input) async throws -> Operations.CreateAgent.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        let new = NewAgent(
            email: body.email, name: body.name, role: Agent.Role(rawValue: body.role.rawValue)!, password: body.password,
            channelAccountIDs: body.channelAccountIds.map { $0.map(ChannelAccount.ID.init(rawValue:)) }
        )
        return .created(.init(body: .json(.init(try await self.desk.createAgent(new, by: signedIn)))))
    }

    func updateAgent(_ input: Operations.UpdateAgent.Input) async throws -> Operations.UpdateAgent.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        let agent = try await self.desk.setAgentActive(body.active, agent: Agent.ID(rawValue: input.path.agentId), by: signedIn)
        return .ok(.init(body: .json(.init(agent))))
    }

    func changePassword(_ input: Operations.ChangePassword.Input) async throws -> Operations.ChangePassword.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        try await self.desk.changePassword(current: body.currentPassword, new: body.newPassword, by: signedIn)
        return .noContent(.init())
    }

    func issuePasswordReset(_ input: Operations.IssuePasswordReset.Input) async throws -> Operations.IssuePasswordReset.Output {
        let issued = try await self.desk.issuePasswordReset(for: Agent.ID(rawValue: input.path.agentId), by: try await self.authenticate())
        return .created(.init(body: .json(.init(code: issued.code, expiresAt: issued.expiresAt))))
    }

    func resetPassword(_ input: Operations.ResetPassword.Input) async throws -> Operations.ResetPassword.Output {
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        try await self.desk.resetPassword(
            email: body.email, code: body.code, newPassword: body.newPassword, from: RequestCredentials.current.clientAddress)
        return .noContent(.init())
    }

    func listTokens(_ input: Operations.ListTokens.Input) async throws -> Operations.ListTokens.Output {
        let tokens = try await self.desk.tokens(by: try await self.authenticate())
        return .ok(.init(body: .json(.init(items: tokens.map(Components.Schemas.ApiToken.init)))))
    }

    func createToken(_ input: Operations.CreateToken.Input) async throws -> Operations.CreateToken.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        let (token, secret) = try await self.desk.createToken(named: body.name, by: signedIn)
        return .created(.init(body: .json(.init(token: .init(token), secret: secret))))
    }

    func deleteToken(_ input: Operations.DeleteToken.Input) async throws -> Operations.DeleteToken.Output {
        try await self.desk.revokeToken(ApiToken.ID(rawValue: input.path.tokenId), by: try await self.authenticate())
        return .noContent(.init())
    }
}
