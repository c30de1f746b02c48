import Foundation

/// What a checkout load test measured, and what it found wrong.
public struct ReservationLoadReport: Codable, Sendable {
    public var scenario = "reservations"
    public var database: String
    public var sku: String
    public var connections: Int
    public var healthConnections: Int
    public var targetRate: Double?
    public var onHand: Int
    /// Reservations sent (each with its own Idempotency-Key).
    public var sent: Int
    /// Answered 201: held, and durable before the answer.
    public var acknowledged: Int
    /// Answered 409 `insufficient_stock`.
    public var refused: Int
    /// Anything else: another status, or no answer.
    public var errors: Int
    /// The errors by status code, or `no answer`.
    public var errorKinds: [String: Int]
    /// Seconds from the first reservation sent to the last one answered.
    public var seconds: Double
    public var reservationsPerSecond: Double
    /// From sending (or, with a rate, from the scheduled time) to the 201.
    public var ack: LatencySummary
    /// `/healthz` answered 200 while the reservations went out.
    public var healthRequests: Int
    public var healthErrors: Int
    public var healthPerSecond: Double
    public var health: LatencySummary
    /// `reserved` of the SKU after the load, from `GET /api/v1/inventory/{sku}`.
    public var reservedAfter: Int
    public var onHandAfter: Int
    /// The server's checkout writer over the run (from its `/metrics`), when it reports it.
    public var writer: WriterMetrics?
    public var startupSeconds: Double
    public var peakRSSMegabytes: Double
    /// What the checks found wrong; the run fails unless this is empty.
    public var problems: [String]

    /// What is wrong with a run's outcome, judged from the answers and the stock afterwards. Every 201
    /// must be one unit held (`reserved` equals the 201s), nothing beyond `onHand` may be held, and
    /// since every reservation is one unit of one SKU and nothing ends during the run, a 409 is right
    /// only once all of `onHand` is held.
    public static func problems(onHand: Int, acknowledged: Int, refused: Int, reservedAfter: Int, onHandAfter: Int) -> [String] {
        var problems: [String] = []
        if reservedAfter != acknowledged {
            problems.append("the SKU has \(reservedAfter) units reserved but \(acknowledged) reservations were answered 201")
        }
        if acknowledged > onHand || reservedAfter > onHand {
            problems.append("\(max(acknowledged, reservedAfter)) units were held of \(onHand) on hand")
        }
        if onHandAfter != onHand { problems.append("on hand is \(onHandAfter) after the load, not \(onHand)") }
        if refused > 0, reservedAfter < onHand {
            problems.append("\(refused) reservations were refused while only \(reservedAfter) of \(onHand) units were held")
        }
        return problems
    }

    public var text: String {
        func ms(_ value: Double) -> String { String(format: "%.2f ms", value) }
        func rate(_ value: Double) -> String { "\(Int(value.rounded()))/s" }
        var errorText = "\(self.errors) errors"
        if !self.errorKinds.isEmpty {
            errorText += " (" + self.errorKinds.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + ")"
        }
        var lines = [
            "checkout load test on \(self.database): one hot SKU (\(self.sku), \(self.onHand) on hand), \(self.connections) connections, "
                + (self.targetRate.map { "target \(Int($0)) reservations/s" } ?? "as fast as possible"),
            "  sent          \(self.sent) reservations of 1 unit in \(String(format: "%.2f", self.seconds)) s",
            "  answered      \(self.acknowledged) held (201) = \(rate(self.reservationsPerSecond)); \(self.refused) refused (409); \(errorText)",
            "  ack latency   p50 \(ms(self.ack.p50Milliseconds))  p90 \(ms(self.ack.p90Milliseconds))  "
                + "p99 \(ms(self.ack.p99Milliseconds))  max \(ms(self.ack.maxMilliseconds))",
            "  /healthz      \(self.healthRequests) requests on \(self.healthConnections) connections in the same run = "
                + "\(rate(self.healthPerSecond)); p50 \(ms(self.health.p50Milliseconds))  p99 \(ms(self.health.p99Milliseconds))  "
                + "max \(ms(self.health.maxMilliseconds)); \(self.healthErrors) errors",
            "  stock after   \(self.reservedAfter) reserved of \(self.onHandAfter) on hand",
        ]
        if let writer = self.writer {
            lines.append(
                "  writer        \(writer.batches) batches of \(String(format: "%.1f", writer.meanBatchSize)) checkouts on average; "
                    + "busy \(String(format: "%.2f", writer.busySeconds)) s = \(Int((writer.busyShare(of: self.seconds) * 100).rounded())) % of the run, "
                    + "\(String(format: "%.0f", writer.batches > 0 ? writer.busySeconds / Double(writer.checkouts) * 1e6 : 0)) µs per checkout")
        }
        lines += [
            "  server        start-up \(String(format: "%.2f", self.startupSeconds)) s; peak RSS \(String(format: "%.1f", self.peakRSSMegabytes)) MB"
        ]
        lines.append(self.problems.isEmpty ? "  checks        passed" : "  checks        FAILED: " + self.problems.joined(separator: "; "))
        return lines.joined(separator: "\n")
    }
}
