import Foundation
import Logging
import ShopDeskChannels
import ShopDeskCore
import ShopDeskStore

extension DueWork {
    /// Finds the orders whose pushes never came: every `interval`, each TikTok Shop, Shopee and Lazada
    /// shop's orders changed since its last read are listed (TikTok's search by `update_time`, Shopee's
    /// order list and lost pushes, Lazada's `update_after`, commerce-platforms.md §6.2), and those
    /// ShopDesk does not have as new are fetched like a push's. Each shop's cursor is kept in the store,
    /// and a read starts `overlap` before it, so an order changed while the last read ran is not missed.
    static func orderReconciliation(
        _ context: ServiceContext, feed: ChangeFeed, interval: TimeInterval = 300, firstLookBack: TimeInterval = 24 * 3600,
        overlap: TimeInterval = 120
    ) -> DueWork {
        DueWork(
            context, name: "order reconciliation",
            calling: { now, client in
                var polled = 0
                for (account, credentials) in try await context.store.channelAccountsWithCredentials(platforms: Self.orderPlatforms) {
                    let cursor = try await context.store.orderPoll(channel: account.id)
                    if let cursor, cursor.nextAt > now { continue }
                    let since = cursor.map { $0.until.addingTimeInterval(-overlap) } ?? now.addingTimeInterval(-firstLookBack)
                    polled += 1
                    do {
                        let listed = try await client.changedOrders(since: since, until: now, account: account, credentials: credentials)
                        let queued = try await context.store.requestOrderFetches(
                            listed.map { ($0.orderID, $0.updatedAt) }, channel: account.id, workspace: account.workspaceID, now: now)
                        if queued > 0 {
                            context.logger.info(
                                "orders found by reading the platform back", metadata: ["channel": "\(account.id)", "orders": "\(queued)"])
                            var changes = Changes()
                            changes.ordersRequested = true
                            feed.announce(changes)
                        }
                        try await context.store.saveOrderPoll(
                            channel: account.id, workspace: account.workspaceID, until: now, nextAt: now.addingTimeInterval(interval), error: nil)
                    } catch {
                        try Task.checkCancellation()
                        context.logger.warning(
                            "cannot list a shop's orders; trying again at the next interval",
                            metadata: ["channel": "\(account.id)", "error": "\(String(reflecting: error))"])
                        try await context.store.saveOrderPoll(
                            channel: account.id, workspace: account.workspaceID, until: cursor?.until ?? since,
                            nextAt: now.addingTimeInterval(interval), error: "\(error)")
                    }
                }
                return polled
            },
            nextDue: {
                let accounts = try await context.store.channelAccountsWithCredentials(platforms: Self.orderPlatforms).map(\.0.id)
                return try await context.store.nextOrderPoll(channels: accounts, now: context.now())
            })
    }

    /// The marketplaces whose orders ShopDesk reads.
    static let orderPlatforms: [Platform] = [.tiktokShop, .shopee, .lazada]

    /// Fires dispatch warnings and breaches when they fall due (`SQLStore.fireDispatchAlerts`): to the
    /// agents' open screens at once, and queued for the workspace's alert webhook.
    static func dispatchAlerts(_ context: ServiceContext, feed: ChangeFeed) -> DueWork {
        DueWork(
            context, name: "dispatch alerts",
            perform: { now in
                let fired = try await context.store.fireDispatchAlerts(now: now)
                var changes = Changes()
                changes.orderAlerts = fired
                feed.announce(changes)
                return fired.count
            },
            nextDue: { try await context.store.nextDispatchAlert() })
    }
}

extension DueWork {
    /// Posts each fired dispatch alert to its workspace's alert webhook (`order.dispatch_warning`,
    /// `order.dispatch_breached`), signed like every ShopDesk webhook, with the alert's stable id as the
    /// delivery id; 5xx, 429, 408 and no answer are retried with `BackoffPolicy.webhook`.
    static func orderAlertWebhooks(_ context: ServiceContext, backoff: BackoffPolicy = .webhook, lease: TimeInterval = 120) -> DueWork {
        DueWork(
            context, name: "dispatch alert webhooks",
            calling: { now, client in
                let claimed = try await context.store.claimOrderAlertWebhooks(now: now, lease: lease)
                var settings: [Workspace.ID: AlertSettings] = [:]
                for delivery in claimed {
                    let alert = delivery.alert
                    if settings[alert.workspaceID] == nil {
                        settings[alert.workspaceID] = try await context.store.alertSettings(workspace: alert.workspaceID)
                    }
                    var outcome = WebhookOutcome.sent
                    if let url = settings[alert.workspaceID]?.webhookURL, let secret = settings[alert.workspaceID]?.webhookSecret {
                        let event = "order.\(alert.kind)"
                        let body = Self.webhookJSON([
                            "id": alert.id, "type": event, "order_id": alert.orderID.rawValue, "external_id": alert.externalID,
                            "platform": alert.platform.rawValue, "channel_account_id": alert.channelAccountID.rawValue,
                            "ship_by": ISO8601DateFormatter().string(from: alert.deadline), "lead_seconds": alert.leadSeconds,
                            "fired_at": ISO8601DateFormatter().string(from: alert.firedAt),
                        ])
                        outcome = await Self.postWebhook(event: event, id: alert.id, body: body, url: url, secret: secret, client: client)
                    }
                    var retryAt: Date?
                    if case .retry = outcome {
                        retryAt = backoff.delay(afterAttempt: delivery.attempts, jitter: Double.random(in: 0...1)).map {
                            context.now().addingTimeInterval($0 / .seconds(1))
                        }
                    }
                    try await context.store.finishOrderAlertWebhook(delivery, retryAt: retryAt, error: outcome.error)
                }
                return claimed.count
            },
            nextDue: { try await context.store.nextOrderAlertWebhook() })
    }
}
