import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import ShopDeskServer

/// A server on a fresh SQLite data directory with an owner, an owner token and an agent token.
struct TestApp: Sendable {
    var settings: AppSettings
    var ownerToken: String
    var agentToken: String
    var ownerEmail = "owner@example.com"
    var ownerPassword = "correct horse battery"

    static let logger: Logger = {
        var logger = Logger(label: "shopdesk-api-test")
        logger.logLevel = .warning
        return logger
    }()

    /// Sets up the data directory, runs `body` against the application (no sockets, unless `setup` is
    /// `.live`), and cleans up.
    static func run<R: Sendable>(
        setup: TestingSetup = .router, trustedProxies: Set<String> = [], _ body: @Sendable (TestApp, any TestClientProtocol) async throws -> R
    ) async throws -> R {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("shopdesk-api-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var settings = AppSettings(dataDirectory: directory.path, logLevel: .warning, bcryptCost: 4, callPlatforms: false)
        settings.port = 0
        settings.trustedProxies = trustedProxies
        var app = TestApp(settings: settings, ownerToken: "", agentToken: "")
        _ = try await Administration.createAdmin(settings, email: app.ownerEmail, password: app.ownerPassword, name: "Owner", logger: logger)
        app.ownerToken = try await Administration.createToken(settings, name: "tests", logger: logger)
        let application = try await buildApplication(settings, logger: logger)
        let ready = app
        return try await application.test(setup) { client in
            var ready = ready
            // An agent (lowest role) with a token of their own, created through the API itself.
            let created = try await client.json(
                .post, "/api/v1/agents", token: ready.ownerToken,
                body: [
                    "email": "agent@example.com", "name": "Agent", "role": "agent", "password": "agent password 1",
                ])
            #expect(created.status == .created)
            let login = try await client.json(.post, "/api/v1/auth/login", body: ["email": "agent@example.com", "password": "agent password 1"])
            let cookie = try #require(login.headers[.setCookie]).split(separator: ";")[0]
            var headers = HTTPFields()
            headers[.cookie] = String(cookie)
            headers[.contentType] = "application/json"
            let meResponse = try await client.execute(uri: "/api/v1/me", method: .get, headers: headers, body: nil)
            #expect(meResponse.status == .ok)
            ready.agentToken = String(cookie)
            return try await body(ready, client)
        }
    }
}

/// A response with its JSON body parsed.
struct JSONResponse {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: Any?
    var raw: String

    subscript(_ key: String) -> Any? { (self.body as? [String: Any])?[key] }

    /// The documented error shape: `{"error":{"code","message"}}`.
    var errorCode: String? {
        guard let error = self["error"] as? [String: Any], error["message"] is String else { return nil }
        return error["code"] as? String
    }
}

extension TestClientProtocol {
    /// Sends a request with a JSON (or raw) body; `token` is a bearer token, or a `shopdesk_session=…` cookie.
    func json(
        _ method: HTTPRequest.Method, _ uri: String, token: String? = nil, body: Any? = nil, rawBody: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> JSONResponse {
        var headers = extra
        if let token {
            if token.hasPrefix("shopdesk_session=") { headers[.cookie] = token } else { headers[.authorization] = "Bearer \(token)" }
        }
        var buffer: ByteBuffer?
        if let rawBody {
            buffer = ByteBuffer(string: rawBody)
        } else if let body {
            buffer = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
        }
        if buffer != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        let response = try await self.execute(uri: uri, method: method, headers: headers, body: buffer)
        let raw = String(buffer: response.body)
        let parsed = raw.isEmpty ? nil : try? JSONSerialization.jsonObject(with: Data(raw.utf8), options: [.fragmentsAllowed])
        return JSONResponse(status: response.status, headers: response.headers, body: parsed, raw: raw)
    }
}
