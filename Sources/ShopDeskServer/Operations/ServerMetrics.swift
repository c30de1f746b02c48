import Prometheus
import ShopDeskCore
import ShopDeskStore

/// ShopDesk's own Prometheus metrics, served at `/metrics` beside the HTTP request metrics.
struct ServerMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    let ingestBatches: Counter
    let ingestMessages: Counter
    let ingestBatchSize: ValueHistogram
    let ingestBatchDuration: DurationHistogram
    let reservationBatchSize: ValueHistogram
    let reservationBatchDuration: DurationHistogram
    let storeErrors: Counter
    let stockPushLatency: DurationHistogram

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        self.ingestBatches = registry.makeCounter(name: "shopdesk_ingest_batches_total", help: "Ingest batches committed")
        self.ingestMessages = registry.makeCounter(name: "shopdesk_ingest_messages_total", help: "Messages in committed ingest batches")
        self.ingestBatchSize = registry.makeValueHistogram(
            name: "shopdesk_ingest_batch_size", buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000],
            help: "Messages per ingest batch"
        )
        self.ingestBatchDuration = registry.makeDurationHistogram(
            name: "shopdesk_ingest_batch_duration_seconds", buckets: Self.batchDurationBuckets, help: "Time to write and commit one ingest batch"
        )
        // The load test reads these sums: the checkouts per batch, and how much of the time the single
        // writer was busy.
        self.reservationBatchSize = registry.makeValueHistogram(
            name: "shopdesk_reservation_batch_size", buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
            help: "Checkouts per reservation batch"
        )
        self.reservationBatchDuration = registry.makeDurationHistogram(
            name: "shopdesk_reservation_batch_duration_seconds", buckets: Self.batchDurationBuckets,
            help: "Time to write and commit one reservation batch"
        )
        self.storeErrors = registry.makeCounter(name: "shopdesk_store_errors_total", help: "Failed store operations")
        self.stockPushLatency = registry.makeDurationHistogram(
            name: "shopdesk_stock_push_latency_seconds",
            buckets: [
                .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5),
                .seconds(10), .seconds(30), .seconds(60), .seconds(300),
            ],
            help: "Time from a change of a listing's sellable stock to the platform's acknowledgement"
        )
    }

    static let batchDurationBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1),
    ]

    /// One entry written to the audit log, counted per action.
    func recordAudit(_ action: AuditEntry.Action) {
        self.registry.makeCounter(name: "shopdesk_audit_entries_total", labels: [("action", action.rawValue)], help: "Audit log entries written")
            .increment()
    }

    /// Latencies of acknowledged stock pushes.
    func recordStockPushes(_ latencies: [Duration]) {
        for latency in latencies { self.stockPushLatency.record(latency) }
    }

    func record(_ report: IngestPipeline.BatchReport) {
        self.ingestBatches.increment()
        self.ingestMessages.increment(by: Int64(report.messageCount))
        self.ingestBatchSize.record(Double(report.messageCount))
        self.ingestBatchDuration.record(report.duration)
    }

    func record(_ report: ReservationPipeline.BatchReport) {
        self.reservationBatchSize.record(Double(report.checkouts))
        self.reservationBatchDuration.record(report.duration)
    }
}
