/// What a checkout load test does (`shopdesk loadtest --scenario reservations`): reservations of one
/// unit of one hot SKU, with `/healthz` requested beside them.
public struct ReservationLoadOptions: Sendable {
    /// The most a stocktake may count (the API's limit), and the default: enough for any run.
    public static let maxOnHand = 1_000_000_000
    /// Long enough that nothing expires during a run.
    public static let expiresInSeconds = 86_400

    /// Reservations per second; nil sends as fast as `connections` allow.
    public var rate: Double?
    /// Seconds of load when `reservations` is nil.
    public var duration: Double
    /// Reservations to send; nil sends for `duration` seconds (at `rate`, or flat out).
    public var reservations: Int?
    public var connections: Int
    /// Connections that request `/healthz` one after another while the reservations go out.
    public var healthConnections: Int
    /// The hot SKU's stock; below the number of reservations, the rest are refused.
    public var onHand: Int
    /// The port of the server under load, on 127.0.0.1.
    public var port: Int
    /// The server's data directory (its SQLite database, secret key and log).
    public var dataDirectory: String
    /// PostgreSQL instead of SQLite in `dataDirectory`.
    public var databaseURL: String?

    /// Checks the choices, so that a bad one is refused before a server starts.
    public init(
        rate: Double?, duration: Double, reservations: Int?, connections: Int, healthConnections: Int, onHand: Int, port: Int,
        dataDirectory: String, databaseURL: String?
    ) throws(LoadTestError) {
        if let rate, !(rate > 0) { throw LoadTestError("--rate must be above 0") }
        guard duration > 0, duration <= 3600 else { throw LoadTestError("--duration must be above 0 and at most 3600 seconds") }
        if let reservations, reservations <= 0 { throw LoadTestError("--reservations must be positive") }
        guard (1...4096).contains(connections) else { throw LoadTestError("--connections must be 1 to 4096") }
        guard (1...64).contains(healthConnections) else { throw LoadTestError("--health-connections must be 1 to 64") }
        guard (0...Self.maxOnHand).contains(onHand) else { throw LoadTestError("--on-hand must be 0 to \(Self.maxOnHand)") }
        self.rate = rate
        self.duration = duration
        self.reservations = reservations
        self.connections = connections
        self.healthConnections = healthConnections
        self.onHand = onHand
        self.port = port
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
    }

    /// How many reservations go out, when that is known before the run: `reservations`, or `rate` ×
    /// `duration`; nil when the load runs flat out for `duration` seconds.
    public var planned: Int? {
        self.reservations ?? self.rate.map { max(1, Int(($0 * self.duration).rounded())) }
    }
}
