import Testing

@testable import ShopDeskCore

@Suite("Duration summaries")
struct DurationSummaryTests {
    @Test(
        "median and p90 are nearest-rank values that occurred",
        arguments: [
            ([Double](), 0, nil, nil),
            ([42], 1, 42, 42),
            ([5, 1, 3, 2, 4], 5, 3, 5),
            ((1...10).map(Double.init), 10, 5, 9),
        ] as [([Double], Int, Double?, Double?)])
    func percentiles(values: [Double], count: Int, median: Double?, p90: Double?) {
        let summary = DurationSummary(values)
        #expect(summary.count == count)
        #expect(summary.median == median)
        #expect(summary.p90 == p90)
    }
}
