import ShopDeskCore

/// What one load test does, as `shopdesk loadtest`'s flags chose it (already checked there).
public struct LoadTestOptions: Sendable {
    /// Messages per second; nil sends as fast as `connections` allow.
    public var rate: Double?
    /// Seconds of load with `rate`.
    public var duration: Double
    /// Messages to send without `rate`.
    public var messages: Int
    public var connections: Int
    /// Share of messages that open a new conversation (0 to 1).
    public var newConversations: Double
    /// Share of messages pushed twice (0 to 1).
    public var duplicates: Double
    /// Of `LoadPlan.platforms`.
    public var platforms: [Platform]
    public var inboxRequests: Int
    public var pageRequests: Int
    /// The port of the server under load, on 127.0.0.1.
    public var port: Int
    /// The server's data directory (its SQLite database, secret key and log).
    public var dataDirectory: String
    /// PostgreSQL instead of SQLite in `dataDirectory`.
    public var databaseURL: String?
    /// Seed for the generated traffic.
    public var seed: UInt64

    public init(
        rate: Double?, duration: Double, messages: Int, connections: Int, newConversations: Double, duplicates: Double, platforms: [Platform],
        inboxRequests: Int, pageRequests: Int, port: Int, dataDirectory: String, databaseURL: String?, seed: UInt64
    ) {
        self.rate = rate
        self.duration = duration
        self.messages = messages
        self.connections = connections
        self.newConversations = newConversations
        self.duplicates = duplicates
        self.platforms = platforms
        self.inboxRequests = inboxRequests
        self.pageRequests = pageRequests
        self.port = port
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
        self.seed = seed
    }
}
