import ShopDeskCore
import Synchronization

/// The one place that says what happens after a change has committed. Every action of the desk, and
/// every background service that changes something (the reply sender, the deadline scheduler), hands
/// its `Changes` to `announce`, which tells whoever reacts: the agents' open screens, the deadline
/// queue, the snooze waker, the reservation expirer, the stock pushes, the reply sender, the poller, outgoing alert webhooks, caches and metrics.
///
/// The reacting services are themselves producers (the deadline scheduler fires alerts, the reply
/// sender records deliveries), so they are connected once after they are built, in
/// `buildApplication`. Nothing here waits: every reaction is a message to a queue or a wake-up.
final class ChangeFeed: Sendable {
    /// Whoever reacts to changes.
    struct Reactions: Sendable {
        var events: EventHub
        var deadlines: DeadlineScheduler
        var outbox: OutboxDispatcher
        var poller: ReconciliationPoller
        var alertWebhooks: AlertWebhookSender
        var retention: RetentionPurger
        var snoozes: DueWork
        var reservations: DueWork
        var stockPush: DueWork
        var orderFetches: DueWork
        var productImports: DueWork
        var stockNotices: DueWork
        var dispatchAlerts: DueWork
        var orderAlertWebhooks: DueWork
        /// nil when reading the marketplaces' order lists is turned off.
        var orderReconciliation: DueWork?
        var shopFigures: DueWork
        var channelAccounts: ChannelAccountCache
        var metrics: ServerMetrics
    }

    private let reactions = Mutex<Reactions?>(nil)

    init() {}

    /// Connects the reactions; until then nothing has run that could change anything.
    func connect(_ reactions: Reactions) {
        self.reactions.withLock { $0 = reactions }
    }

    /// The events of one workspace from now on (of `channels` only, when given), for an agent's open screen.
    func subscribe(workspace: Workspace.ID, channels: Set<ChannelAccount.ID>?) -> AsyncStream<WorkspaceEvent> {
        guard let reactions = self.reactions.withLock({ $0 }) else { return AsyncStream { $0.finish() } }
        return reactions.events.subscribe(workspace: workspace, channels: channels)
    }

    /// Tells everyone who reacts what changed. Call it after the change has committed.
    func announce(_ changes: Changes) {
        guard !changes.isEmpty, let reactions = self.reactions.withLock({ $0 }) else { return }
        for (conversation, scope) in changes.conversations {
            reactions.events.publish(.conversationChanged(conversation), workspace: scope.workspace, channel: scope.channel)
        }
        reactions.deadlines.deadlinesChanged(changes.conversations.keys)
        for workspace in changes.serviceLevels {
            reactions.deadlines.serviceLevelsChanged(workspace: workspace)
        }
        if changes.repliesQueued { reactions.outbox.wake() }
        if changes.fetchesRequested { reactions.poller.wake() }
        if changes.ordersRequested { reactions.orderFetches.wake() }
        if changes.importsRequested { reactions.productImports.wake() }
        for alert in changes.alerts {
            reactions.events.publish(.slaAlert(alert), workspace: alert.workspaceID, channel: alert.channelAccountID)
            reactions.alertWebhooks.enqueue(alert)
        }
        for account in changes.channelAccounts {
            reactions.channelAccounts.invalidate(account)
        }
        if !changes.channelAccounts.isEmpty {
            reactions.orderReconciliation?.wake()
            reactions.shopFigures.wake()
        }
        if changes.retentionChanged { reactions.retention.wake() }
        if changes.snoozed { reactions.snoozes.wake() }
        if changes.reservationsHeld { reactions.reservations.wake() }
        if !changes.stock.isEmpty {
            reactions.stockPush.wake()
            reactions.stockNotices.wake()
        }
        for (workspace, skus) in changes.stock {
            if skus.isEmpty { reactions.events.publish(.stockChanged(sku: nil), workspace: workspace) }
            for sku in skus { reactions.events.publish(.stockChanged(sku: sku), workspace: workspace) }
        }
        for (order, scope) in changes.orders {
            reactions.events.publish(.orderChanged(order), workspace: scope.workspace, channel: scope.channel)
        }
        // A new or changed order may bring its dispatch alert forward.
        if !changes.orders.isEmpty { reactions.dispatchAlerts.wake() }
        for alert in changes.orderAlerts {
            reactions.events.publish(.orderAlert(alert), workspace: alert.workspaceID, channel: alert.channelAccountID)
        }
        if !changes.orderAlerts.isEmpty { reactions.orderAlertWebhooks.wake() }
        for action in changes.audited {
            reactions.metrics.recordAudit(action)
        }
    }
}
