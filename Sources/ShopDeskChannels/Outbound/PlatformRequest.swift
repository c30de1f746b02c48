import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One call to a platform's API, built in full (signature included) before it is sent, so that what
/// is signed is exactly what travels and a test can read it without a network.
public struct PlatformRequest: Sendable, Hashable {
    public enum Method: String, Sendable, Hashable {
        case get = "GET"
        case post = "POST"
        case patch = "PATCH"
        case put = "PUT"
    }

    public var method: Method
    /// Scheme and host, plus any path prefix (Lazada's `/rest`, or the simulator's per-platform prefix).
    public var baseURL: String
    /// The API path the platforms sign (`/customer_service/202309/conversations/…`): never the prefix.
    public var path: String
    public var query: [(key: String, value: String)]
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(
        method: Method, baseURL: String, path: String, query: [(key: String, value: String)] = [], headers: [String: String] = [:],
        body: [UInt8] = []
    ) {
        self.method = method
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.path = path
        self.query = query
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
        self.body = body
    }

    public var url: String {
        let query = Self.formEncoded(self.query)
        return self.baseURL + self.path + (query.isEmpty ? "" : "?" + query)
    }

    /// `key=value&…` with everything but RFC 3986 unreserved characters percent-encoded.
    public static func formEncoded(_ items: [(key: String, value: String)]) -> String {
        items.map { Self.percentEncoded($0.key) + "=" + Self.percentEncoded($0.value) }.joined(separator: "&")
    }

    static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? text
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    public static func == (lhs: PlatformRequest, rhs: PlatformRequest) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.headers == rhs.headers && lhs.body == rhs.body
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.url)
        hasher.combine(self.body)
    }
}

/// A platform's answer: status, headers (names lower-cased) and body.
public struct PlatformResponse: Sendable, Hashable {
    public var status: Int
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String] = [:], body: [UInt8]) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
        self.body = body
    }

    /// `Retry-After` in seconds, when the platform sent one.
    public var retryAfter: Duration? {
        guard let text = self.headers["retry-after"], let seconds = Int(text.trimmingCharacters(in: .whitespaces)), seconds >= 0 else {
            return nil
        }
        return .seconds(min(seconds, 3600))
    }
}

/// Carries platform requests over the network. The live one is `HTTPClientTransport`; a transport
/// error (refused, reset, timed out) means nobody knows whether the platform acted on the request.
public protocol PlatformTransport: Sendable {
    func perform(_ request: PlatformRequest) async throws -> PlatformResponse
}

/// AsyncHTTPClient under `PlatformTransport`, with one timeout for the whole exchange and a cap on
/// how much of an answer is read (platform answers are small; a huge one is a fault, not data).
public struct HTTPClientTransport: PlatformTransport {
    let client: HTTPClient
    let timeout: TimeAmount
    let maxResponseBytes: Int

    public init(client: HTTPClient, timeout: TimeAmount = .seconds(15), maxResponseBytes: Int = 8 << 20) {
        self.client = client
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
    }

    public func perform(_ request: PlatformRequest) async throws -> PlatformResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method.rawValue)
        outgoing.headers.add(name: "User-Agent", value: "ShopDesk/1")
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) {
            outgoing.headers.add(name: name, value: value)
        }
        if request.method != .get {
            outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        }
        let response = try await self.client.execute(outgoing, timeout: self.timeout)
        let body = try await response.body.collect(upTo: self.maxResponseBytes)
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        return PlatformResponse(status: Int(response.status.code), headers: headers, body: Array(buffer: body))
    }
}

extension HTTPClientTransport {
    /// Runs `body` with a transport on an HTTP client of its own (no redirects: a platform that
    /// redirects an API call is not answering it), shut down when `body` returns.
    public static func withLive<R: Sendable>(timeout: TimeAmount = .seconds(15), _ body: (HTTPClientTransport) async throws -> R) async throws -> R {
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5), read: timeout))
        )
        do {
            let result = try await body(HTTPClientTransport(client: client, timeout: timeout))
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
