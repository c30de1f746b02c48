import Foundation
import Logging
import Prometheus
import ShopDeskStore

/// The ports and services every part of the server is built from, made once in `buildApplication`.
struct AppDependencies: Sendable {
    var settings: AppSettings
    var store: SQLStore
    var ingest: IngestPipeline
    /// In-app realtime events per workspace; publish after a change has committed.
    var events: EventHub
    /// The deadline alert queue; tell it when a conversation's deadline may have changed.
    var deadlines: DeadlineScheduler
    var metrics: ServerMetrics
    /// Sends queued replies; wake it when one is queued.
    var outbox: OutboxDispatcher
    /// Reads marketplaces' chats back; wake it when a push nudges about a conversation.
    var poller: ReconciliationPoller
    /// The compliance guard per workspace, and the masker of personal data.
    var compliance: ComplianceService
    /// Purges message text past the retention period; wake it when the period changes.
    var retention: RetentionPurger
    /// Channel accounts as webhook pushes are checked against them; invalidate on change.
    var channelAccounts: ChannelAccountCache
    var unknownUserHash: UnknownUserHash
    /// The clock every request and service reads; tests substitute their own.
    var now: @Sendable () -> Date
    var logger: Logger
}
