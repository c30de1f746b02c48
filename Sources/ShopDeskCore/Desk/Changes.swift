import Foundation

/// What one action of the desk changed, once its transaction has committed: the facts the rest of the
/// server reacts to (open screens re-read, deadlines are re-queued, replies and fetches are picked up,
/// alerts go out). Actions return it; one change feed announces it.
public struct Changes: Sendable, Hashable {
    /// Where a changed conversation lives: who may be told about it.
    public struct Scope: Sendable, Hashable {
        public var workspace: Workspace.ID
        /// nil when it could not be read after the commit: then everyone in the workspace is told.
        public var channel: ChannelAccount.ID?

        public init(workspace: Workspace.ID, channel: ChannelAccount.ID?) {
            self.workspace = workspace
            self.channel = channel
        }
    }

    /// Conversations whose messages, state or deadline changed, with where they live.
    public var conversations: [Conversation.ID: Scope] = [:]
    /// Workspaces whose deadlines must all be read again (a service-level policy or alert setting changed).
    public var serviceLevels: Set<Workspace.ID> = []
    /// Replies were written to the outbox.
    public var repliesQueued = false
    /// A push asked for conversations to be fetched from the platform.
    public var fetchesRequested = false
    /// An order push asked for orders to be fetched from the platform.
    public var ordersRequested = false
    /// A seller asked for a channel's products to be imported.
    public var importsRequested = false
    /// Deadline alerts that fired (and were claimed).
    public var alerts: [FiredAlert] = []
    /// Channel accounts whose settings or credentials changed, or that were archived.
    public var channelAccounts: Set<ChannelAccount.ID> = []
    /// The retention period changed, so what is kept must be looked at again.
    public var retentionChanged = false
    /// A conversation was snoozed, so the time the next one is due back may have come forward.
    public var snoozed = false
    /// A checkout reservation was held, so the next expiry may have come forward.
    public var reservationsHeld = false
    /// SKUs whose stock, or whose listings' pushes, changed, by workspace (an empty set: some SKUs of
    /// the workspace, not named).
    public var stock: [Workspace.ID: Set<String>] = [:]
    /// Orders that were stored or changed, with where they live.
    public var orders: [Order.ID: Scope] = [:]
    /// Dispatch alerts that fired (and were claimed); their webhooks are queued in the store.
    public var orderAlerts: [OrderAlert] = []
    /// What the action wrote to the audit log.
    public var audited: [AuditEntry.Action] = []

    public init() {}

    /// Nothing changed.
    public static let none = Changes()

    /// One conversation changed.
    public static func conversation(_ id: Conversation.ID, in workspace: Workspace.ID, channel: ChannelAccount.ID?) -> Changes {
        var changes = Changes()
        changes.conversations[id] = Scope(workspace: workspace, channel: channel)
        return changes
    }

    /// One entry was written to the audit log.
    public static func audited(_ action: AuditEntry.Action) -> Changes {
        var changes = Changes()
        changes.audited = [action]
        return changes
    }

    /// These SKUs of a workspace changed stock (none named: some of its SKUs, or its allocation).
    public static func stock(_ skus: Set<String>, in workspace: Workspace.ID) -> Changes {
        var changes = Changes()
        changes.stock[workspace] = skus
        return changes
    }

    /// The SKUs of these reservations changed stock.
    public static func stock(of reservations: [Reservation]) -> Changes {
        var changes = Changes()
        for reservation in reservations {
            changes.stock[reservation.workspaceID, default: []].formUnion(reservation.lines.map(\.sku))
        }
        return changes
    }

    public var isEmpty: Bool { self == .none }

    /// Both changes together.
    public func merging(_ other: Changes) -> Changes {
        var merged = self
        merged.conversations.merge(other.conversations) { first, _ in first }
        merged.serviceLevels.formUnion(other.serviceLevels)
        merged.repliesQueued = merged.repliesQueued || other.repliesQueued
        merged.fetchesRequested = merged.fetchesRequested || other.fetchesRequested
        merged.ordersRequested = merged.ordersRequested || other.ordersRequested
        merged.importsRequested = merged.importsRequested || other.importsRequested
        merged.alerts += other.alerts
        merged.channelAccounts.formUnion(other.channelAccounts)
        merged.retentionChanged = merged.retentionChanged || other.retentionChanged
        merged.snoozed = merged.snoozed || other.snoozed
        merged.reservationsHeld = merged.reservationsHeld || other.reservationsHeld
        merged.stock.merge(other.stock) { $0.union($1) }
        merged.orders.merge(other.orders) { first, _ in first }
        merged.orderAlerts += other.orderAlerts
        merged.audited += other.audited
        return merged
    }
}
