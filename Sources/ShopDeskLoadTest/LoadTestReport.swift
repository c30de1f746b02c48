import Foundation

/// What a load test measured.
public struct LoadTestReport: Codable, Sendable {
    public var database: String
    public var platforms: [String]
    public var connections: Int
    public var targetRate: Double?
    public var messages: Int
    public var pushes: Int
    public var duplicatePushes: Int
    /// Distinct messages in pushes answered 2xx.
    public var acknowledgedMessages: Int
    /// Pushes answered 503 with `Retry-After` (backpressure): nothing of them is stored.
    public var rejectedPushes: Int
    public var failedPushes: Int
    public var seconds: Double
    public var messagesPerSecond: Double
    public var latencyP50Milliseconds: Double
    public var latencyP99Milliseconds: Double
    public var latencyMaxMilliseconds: Double
    public var storedMessages: Int
    public var duplicatesStored: Int
    /// Acknowledged messages the database does not hold.
    public var lostMessages: Int
    public var startupSeconds: Double
    public var peakRSSMegabytes: Double
    public var inboxRequests: Int
    public var inboxP50Milliseconds: Double?
    public var inboxP99Milliseconds: Double?
    public var inboxMaxMilliseconds: Double?
    public var conversations: Int
    public var pageRequests: Int
    public var pageP50Milliseconds: Double?
    public var pageP99Milliseconds: Double?
    public var pageMaxMilliseconds: Double?

    public var text: String {
        func ms(_ value: Double) -> String { String(format: "%.2f ms", value) }
        var lines = [
            "load test on \(self.database): \(self.platforms.joined(separator: ", ")), \(self.connections) connections, "
                + (self.targetRate.map { "target \(Int($0)) messages/s" } ?? "as fast as possible"),
            "  sent          \(self.messages) messages in \(self.pushes) pushes (\(self.duplicatePushes) of them repeats)",
            "  acknowledged  \(self.acknowledgedMessages) messages in \(String(format: "%.2f", self.seconds)) s = "
                + "\(Int(self.messagesPerSecond.rounded())) messages/s; \(self.rejectedPushes) pushes refused (503, Retry-After); "
                + "\(self.failedPushes) pushes failed",
            "  ack latency   p50 \(ms(self.latencyP50Milliseconds))  p99 \(ms(self.latencyP99Milliseconds))  max \(ms(self.latencyMaxMilliseconds))",
            "  stored        \(self.storedMessages) messages in \(self.conversations) conversations; "
                + "duplicates stored \(self.duplicatesStored); lost \(self.lostMessages)",
            "  server        start-up \(String(format: "%.2f", self.startupSeconds)) s; peak RSS \(String(format: "%.1f", self.peakRSSMegabytes)) MB",
        ]
        if let p50 = self.inboxP50Milliseconds, let p99 = self.inboxP99Milliseconds, let max = self.inboxMaxMilliseconds {
            lines.append("  inbox page    \(self.inboxRequests) requests of 50 conversations: p50 \(ms(p50))  p99 \(ms(p99))  max \(ms(max))")
        }
        if let p50 = self.pageP50Milliseconds, let p99 = self.pageP99Milliseconds, let max = self.pageMaxMilliseconds {
            lines.append("  web page      \(self.pageRequests) requests of the inbox page: p50 \(ms(p50))  p99 \(ms(p99))  max \(ms(max))")
        }
        return lines.joined(separator: "\n")
    }
}
