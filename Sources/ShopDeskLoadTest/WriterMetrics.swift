/// What the server's single checkout writer did, read from its `/metrics` (Prometheus text format): the
/// batches it committed, the checkouts in them, and the time it spent writing.
public struct WriterMetrics: Codable, Sendable, Equatable {
    public var batches: Int
    public var checkouts: Int
    public var busySeconds: Double

    /// Nil when the text lacks the reservation batch histograms.
    public init?(prometheusText text: String) {
        var values: [Substring: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            guard parts.count >= 2, let value = Double(parts[1]) else { continue }
            values[parts[0]] = value
        }
        guard let batches = values["shopdesk_reservation_batch_size_count"], let checkouts = values["shopdesk_reservation_batch_size_sum"],
            let busy = values["shopdesk_reservation_batch_duration_seconds_sum"]
        else { return nil }
        self.batches = Int(batches)
        self.checkouts = Int(checkouts)
        self.busySeconds = busy
    }

    public var meanBatchSize: Double { self.batches > 0 ? Double(self.checkouts) / Double(self.batches) : 0 }

    /// The share of `seconds` the writer spent in batches: near 1, the writer is what limits the rate.
    public func busyShare(of seconds: Double) -> Double { seconds > 0 ? self.busySeconds / seconds : 0 }
}
