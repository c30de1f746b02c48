import Testing

@testable import ShopDeskLoadTest

@Suite("Checkout load test")
struct ReservationLoadTests {
    @Test("percentiles are nearest-rank: p50 of 1 to 100 is 50, p99 is 99, p90 is 90, and max is the largest")
    func percentiles() {
        let summary = LatencySummary(milliseconds: (1...100).reversed().map(Double.init))
        #expect(Self.values(summary) == [100, 50, 90, 99, 100])
    }

    @Test("one latency is every percentile, and none is all zero")
    func smallSets() {
        #expect(Self.values(LatencySummary(milliseconds: [7])) == [1, 7, 7, 7, 7])
        #expect(Self.values(LatencySummary(milliseconds: [])) == [0, 0, 0, 0, 0])
        #expect(LatencySummary.percentile([1, 2], 0.5) == 1)
        #expect(LatencySummary.percentile([1, 2], 0.51) == 2)
    }

    @Test("a run where every 201 is one unit held, and 409s came only once the stock was gone, has no problems")
    func consistent() {
        #expect(ReservationLoadReport.problems(onHand: 1_000, acknowledged: 800, refused: 0, reservedAfter: 800, onHandAfter: 1_000).isEmpty)
        #expect(ReservationLoadReport.problems(onHand: 1_000, acknowledged: 1_000, refused: 1_000, reservedAfter: 1_000, onHandAfter: 1_000).isEmpty)
        #expect(ReservationLoadReport.problems(onHand: 0, acknowledged: 0, refused: 5, reservedAfter: 0, onHandAfter: 0).isEmpty)
    }

    @Test(
        "a reserved count unlike the 201s, more held than on hand, a refusal while stock remained, or a changed on hand is a problem",
        arguments: [
            (1_000, 800, 0, 799, 1_000, "units reserved but"),
            (1_000, 800, 0, 801, 1_000, "units reserved but"),
            (100, 101, 0, 101, 100, "held of 100 on hand"),
            (1_000, 500, 3, 500, 1_000, "refused while only 500"),
            (1_000, 500, 0, 500, 900, "on hand is 900"),
        ])
    func problems(onHand: Int, acknowledged: Int, refused: Int, reservedAfter: Int, onHandAfter: Int, expected: String) {
        let problems = ReservationLoadReport.problems(
            onHand: onHand, acknowledged: acknowledged, refused: refused, reservedAfter: reservedAfter, onHandAfter: onHandAfter)
        #expect(problems.contains { $0.contains(expected) }, "\(problems)")
    }

    @Test("the planned count is --reservations, else rate times duration, else open (flat out for the duration)")
    func planned() throws {
        #expect(try Self.options(reservations: 2_000).planned == 2_000)
        #expect(try Self.options(rate: 500, duration: 4).planned == 2_000)
        #expect(try Self.options(rate: 500, duration: 4, reservations: 10).planned == 10)
        #expect(try Self.options().planned == nil)
    }

    @Test(
        "options out of range are refused before a server starts",
        arguments: [
            ("rate", 0), ("duration", 0), ("duration", 3_601), ("reservations", 0), ("connections", 0), ("connections", 4_097),
            ("healthConnections", 0), ("healthConnections", 65), ("onHand", -1), ("onHand", 1_000_000_001),
        ])
    func refused(option: String, value: Int) {
        #expect(throws: LoadTestError.self) {
            switch option {
            case "rate": _ = try Self.options(rate: Double(value))
            case "duration": _ = try Self.options(duration: Double(value))
            case "reservations": _ = try Self.options(reservations: value)
            case "connections": _ = try Self.options(connections: value)
            case "healthConnections": _ = try Self.options(healthConnections: value)
            default: _ = try Self.options(onHand: value)
            }
        }
    }

    @Test("a report with problems says FAILED and names them; one without says passed")
    func text() throws {
        var report = ReservationLoadReport(
            database: "SQLite", sku: "LOADTEST-1", connections: 8, healthConnections: 2, targetRate: nil, onHand: 10, sent: 12,
            acknowledged: 10, refused: 2, errors: 0, errorKinds: [:], seconds: 1, reservationsPerSecond: 10,
            ack: LatencySummary(milliseconds: [1, 2, 3]), healthRequests: 4, healthErrors: 0, healthPerSecond: 4,
            health: LatencySummary(milliseconds: [1]), reservedAfter: 10, onHandAfter: 10, startupSeconds: 0.1, peakRSSMegabytes: 50,
            problems: [])
        #expect(report.text.contains("checks        passed"))
        #expect(report.text.contains("10 held (201) = 10/s; 2 refused (409); 0 errors"))
        report.problems = ["the SKU has 9 units reserved but 10 reservations were answered 201"]
        #expect(report.text.contains("FAILED: the SKU has 9 units reserved"))
    }

    /// Count, p50, p90, p99 and max.
    static func values(_ summary: LatencySummary) -> [Double] {
        [Double(summary.count), summary.p50Milliseconds, summary.p90Milliseconds, summary.p99Milliseconds, summary.maxMilliseconds]
    }

    static func options(
        rate: Double? = nil, duration: Double = 10, reservations: Int? = nil, connections: Int = 64, healthConnections: Int = 2,
        onHand: Int = 1_000
    ) throws -> ReservationLoadOptions {
        try ReservationLoadOptions(
            rate: rate, duration: duration, reservations: reservations, connections: connections, healthConnections: healthConnections,
            onHand: onHand, port: 18080, dataDirectory: "/tmp/unused", databaseURL: nil)
    }
}

@Suite("Checkout writer metrics")
struct WriterMetricsTests {
    static let text = """
        # TYPE shopdesk_reservation_batch_size histogram
        shopdesk_reservation_batch_size_bucket{le="1.0"} 2
        shopdesk_reservation_batch_size_bucket{le="+Inf"} 40
        shopdesk_reservation_batch_size_sum 1000.0
        shopdesk_reservation_batch_size_count 40
        # TYPE shopdesk_reservation_batch_duration_seconds histogram
        shopdesk_reservation_batch_duration_seconds_sum 1.5
        shopdesk_reservation_batch_duration_seconds_count 40
        """

    @Test("the batches, checkouts and busy time are read from the server's /metrics, with the mean batch and the busy share")
    func parsed() throws {
        let writer = try #require(WriterMetrics(prometheusText: Self.text))
        #expect(writer.batches == 40 && writer.checkouts == 1_000 && writer.busySeconds == 1.5)
        #expect(writer.meanBatchSize == 25)
        #expect(writer.busyShare(of: 3) == 0.5)
    }

    @Test("metrics without the reservation histograms give nothing")
    func missing() {
        #expect(WriterMetrics(prometheusText: "shopdesk_ingest_batch_size_count 3\n") == nil)
    }
}
