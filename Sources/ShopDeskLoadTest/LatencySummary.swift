/// Percentiles of a set of latencies, as the load test reports them.
public struct LatencySummary: Codable, Sendable, Equatable {
    public var count: Int
    public var p50Milliseconds: Double
    public var p90Milliseconds: Double
    public var p99Milliseconds: Double
    public var maxMilliseconds: Double

    /// From latencies in milliseconds, in any order; all zero when there are none.
    public init(milliseconds: [Double]) {
        let sorted = milliseconds.sorted()
        self.count = sorted.count
        self.p50Milliseconds = Self.percentile(sorted, 0.50)
        self.p90Milliseconds = Self.percentile(sorted, 0.90)
        self.p99Milliseconds = Self.percentile(sorted, 0.99)
        self.maxMilliseconds = sorted.last ?? 0
    }

    /// The nearest-rank percentile of sorted values: the smallest value with at least `fraction` of the
    /// values at or below it (0 when there are none).
    public static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[max(0, min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1))]
    }
}
