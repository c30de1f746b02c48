import Foundation
import Logging
import NIOCore
import ShopDeskStore

/// Everything the server is configured with, resolved once: command-line flags over `SHOPDESK_*`
/// environment variables over defaults.
public struct AppSettings: Sendable {
    public var host: String
    public var port: Int
    public var dataDirectory: String
    public var databaseURL: String?
    /// Base64 AES-256 key for secrets at rest; when nil, `secret.key` in the data directory.
    public var secretKey: String?
    public var logLevel: Logger.Level
    /// Marks the session cookie `Secure`; turn on when ShopDesk is served over HTTPS.
    public var secureCookies: Bool
    /// bcrypt cost for new passwords.
    public var bcryptCost: UInt8
    public var sessionLifetime: TimeInterval
    /// Seconds between reads of the marketplaces' chats (reconciliation polling); nil turns periodic
    /// polling off (conversations a push nudges about are still fetched).
    public var pollInterval: TimeInterval?
    /// Seconds between reads of the marketplaces' changed orders (orders whose pushes never came); nil
    /// turns it off. Lazada asks for a low-frequency poll beside its pushes (commerce-platforms.md §3.1).
    public var orderPollInterval: TimeInterval? = 300
    /// Events (messages, receipts, order changes) that may wait for the ingest writer before pushes are
    /// answered 503 with `Retry-After`: about half a second of the writer's work, inside every platform's
    /// delivery budget (Lazada 500 ms, Shopee 2 s).
    public var ingestQueueLimit = 1_000
    /// Addresses of the reverse proxies in front, whose `X-Forwarded-For` names the client (sign-in
    /// throttling per address); empty, the connection's peer is the client.
    public var trustedProxies: Set<String> = []
    /// Whether the server calls platforms at all: sends replies, fetches and polls (off only in tests
    /// that must not reach out).
    public var callPlatforms: Bool

    public init(
        host: String = "127.0.0.1", port: Int = 8080, dataDirectory: String = "./shopdesk-data", databaseURL: String? = nil,
        secretKey: String? = nil, logLevel: Logger.Level = .info, secureCookies: Bool = false, bcryptCost: UInt8 = 12,
        sessionLifetime: TimeInterval = 14 * 24 * 3600, pollInterval: TimeInterval? = 60, callPlatforms: Bool = true
    ) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
        self.secretKey = secretKey
        self.logLevel = logLevel
        self.secureCookies = secureCookies
        self.bcryptCost = bcryptCost
        self.sessionLifetime = sessionLifetime
        self.pollInterval = pollInterval
        self.callPlatforms = callPlatforms
    }

    /// Fills every setting not given on the command line from the environment, then from defaults,
    /// and names every invalid value at once.
    public static func resolve(
        host: String? = nil, port: Int? = nil, dataDirectory: String? = nil, databaseURL: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(SettingsError) -> AppSettings {
        var problems: [String] = []
        var settings = AppSettings()
        settings.host = host ?? environment["SHOPDESK_HOST"] ?? settings.host
        if let port {
            settings.port = port
        } else if let text = environment["SHOPDESK_PORT"] {
            if let value = Int(text) { settings.port = value } else { problems.append("SHOPDESK_PORT '\(text)' is not a number") }
        }
        if !(0...65535).contains(settings.port) { problems.append("port \(settings.port) is out of range 0-65535") }
        settings.dataDirectory = dataDirectory ?? environment["SHOPDESK_DATA_DIR"] ?? settings.dataDirectory
        settings.databaseURL = databaseURL ?? environment["SHOPDESK_DATABASE_URL"]
        settings.secretKey = environment["SHOPDESK_SECRET_KEY"]
        if let level = environment["SHOPDESK_LOG_LEVEL"] {
            if let value = Logger.Level(rawValue: level.lowercased()) {
                settings.logLevel = value
            } else {
                problems.append("SHOPDESK_LOG_LEVEL '\(level)' is not one of trace, debug, info, notice, warning, error, critical")
            }
        }
        if let secure = environment["SHOPDESK_SECURE_COOKIES"] {
            settings.secureCookies = ["1", "true", "yes"].contains(secure.lowercased())
        }
        if let cost = environment["SHOPDESK_BCRYPT_COST"] {
            if let value = UInt8(cost), (4...31).contains(value) {
                settings.bcryptCost = value
            } else {
                problems.append("SHOPDESK_BCRYPT_COST '\(cost)' must be 4 to 31")
            }
        }
        if let interval = environment["SHOPDESK_POLL_INTERVAL"] {
            if interval == "0" || interval.lowercased() == "off" {
                settings.pollInterval = nil
            } else if let seconds = TimeInterval(interval), seconds >= 5, seconds <= 86_400 {
                settings.pollInterval = seconds
            } else {
                problems.append("SHOPDESK_POLL_INTERVAL '\(interval)' must be 5 to 86400 seconds, or off")
            }
        }
        if let interval = environment["SHOPDESK_ORDER_POLL_INTERVAL"] {
            if interval == "0" || interval.lowercased() == "off" {
                settings.orderPollInterval = nil
            } else if let seconds = TimeInterval(interval), seconds >= 5, seconds <= 86_400 {
                settings.orderPollInterval = seconds
            } else {
                problems.append("SHOPDESK_ORDER_POLL_INTERVAL '\(interval)' must be 5 to 86400 seconds, or off")
            }
        }
        if let limit = environment["SHOPDESK_INGEST_QUEUE_LIMIT"] {
            if let value = Int(limit), (10...1_000_000).contains(value) {
                settings.ingestQueueLimit = value
            } else {
                problems.append("SHOPDESK_INGEST_QUEUE_LIMIT '\(limit)' must be 10 to 1000000")
            }
        }
        if let proxies = environment["SHOPDESK_TRUSTED_PROXIES"] {
            let addresses = proxies.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let invalid = addresses.filter { (try? SocketAddress(ipAddress: $0, port: 0)) == nil }
            if invalid.isEmpty {
                settings.trustedProxies = Set(addresses)
            } else {
                problems.append("SHOPDESK_TRUSTED_PROXIES holds what is not an IP address: \(invalid.joined(separator: ", "))")
            }
        }
        do {
            _ = try settings.databaseLocation()
        } catch {
            problems.append(error.description)
        }
        if !problems.isEmpty { throw SettingsError(problems: problems) }
        return settings
    }

    public func databaseLocation() throws(StoreError) -> DatabaseLocation {
        try DatabaseLocation.resolve(databaseURL: self.databaseURL, dataDirectory: self.dataDirectory)
    }
}

/// Settings that cannot be used, all named at once.
public struct SettingsError: Error, CustomStringConvertible {
    public var problems: [String]
    public var description: String { self.problems.joined(separator: "; ") }
}
