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
    private let context: ServiceContext
    private let interval: TimeInterval
    private let wakeSignal = WakeSignal()

    init(_ context: ServiceContext, interval: TimeInterval = 3600) {
        self.context = context
        self.interval = interval
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
                await self.wakeSignal.wait(
                    until: self.context.now().addingTimeInterval(self.interval), clock: self.context.clock, now: self.context.now)
            }
        }
    }

    /// One pass over every workspace with a retention period.
    func purgeAll() async {
        do {
            for (workspace, days) in try await self.context.store.retentionPolicies() {
                guard !Task.isCancelled else { return }
                let cutoff = self.context.now().addingTimeInterval(-Double(days) * 86_400)
                let report = try await self.context.store.purgeExpiredContent(workspace: workspace, before: cutoff)
                if report.messages > 0 || report.webhookEvents > 0 {
                    self.context.logger.info(
                        "retention purge",
                        metadata: [
                            "workspace": "\(workspace)", "messages": "\(report.messages)", "webhook_events": "\(report.webhookEvents)",
                            "older_than_days": "\(days)",
                        ])
                }
            }
        } catch {
            self.context.logger.error("retention purge failed; will try again", metadata: ["error": "\(error)"])
        }
    }
}
