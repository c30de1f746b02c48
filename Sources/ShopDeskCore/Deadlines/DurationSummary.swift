/// Count, median and 90th percentile of a set of durations (seconds), as reports show them.
public struct DurationSummary: Sendable, Hashable {
    public var count: Int
    public var median: Double?
    public var p90: Double?

    /// Nearest-rank percentiles: the reported value is one that actually occurred.
    public init(_ values: [Double]) {
        let sorted = values.sorted()
        self.count = sorted.count
        self.median = Self.percentile(0.5, of: sorted)
        self.p90 = Self.percentile(0.9, of: sorted)
    }

    static func percentile(_ fraction: Double, of sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[max(0, min(sorted.count - 1, rank - 1))]
    }
}
