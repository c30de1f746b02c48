import Foundation
import Logging
import ServiceLifecycle
import ShopDeskCore
import ShopDeskStore

/// Purges message text and attachments older than each workspace's retention period: once the
/// database is migrated, then every `interval`, and at once when an owner changes the period. Times,
/// counts and what the service levels need stay. Every node may run it: the store's cursor and per-batch transactions make two
/// runs at once harmless.
final class RetentionPurger: Service, Sendable {
    private let store: SQLStore
    private let clock: any Clock<Duration>
    private let now: @Sendable () -> Date
    private let interval: TimeInterval
    private let logger: Logger
    private let wakeSignal = WakeSignal()

    init(
        store: SQLStore, clock: any Clock<Duration>, now: @escaping @Sendable () -> Date, interval: TimeInterval = 3600, logger: Logger
    ) {
        self.store = store
        self.clock = clock
        self.now = now
        self.interval = interval
        self.logger = logger
    }

    /// The retention period changed: purge now.
    func wake() {
        self.wakeSignal.signal()
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            // The first pass waits for the first wake, which comes once the database is migrated.
            await self.wakeSignal.wait()
            while !Task.isCancelled {
                await self.purgeAll()
                await self.wakeSignal.wait(until: self.now().addingTimeInterval(self.interval), clock: self.clock, now: self.now)
            }
        }
    }

    /// One pass over every workspace with a retention period.
    func purgeAll() async {
        do {
            for (workspace, days) in try await self.store.retentionPolicies() {
                guard !Task.isCancelled else { return }
                let cutoff = self.now().addingTimeInterval(-Double(days) * 86_400)
                let report = try await self.store.purgeExpiredContent(workspace: workspace, before: cutoff)
                if report.messages > 0 || report.webhookEvents > 0 {
                    self.logger.info("retention purge", metadata: [
                        "workspace": "\(workspace)", "messages": "\(report.messages)", "webhook_events": "\(report.webhookEvents)",
                        "older_than_days": "\(days)",
                    ])
                }
            }
        } catch {
            self.logger.error("retention purge failed; will try again", metadata: ["error": "\(error)"])
        }
    }
}
