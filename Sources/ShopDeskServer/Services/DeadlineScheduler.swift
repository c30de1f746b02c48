import Foundation
import Logging
import ServiceLifecycle
import ShopDeskCore
import ShopDeskStore
import Synchronization

/// Fires deadline warnings and breaches on time: the I/O shell around Core's `DeadlineQueue`.
///
/// The queue is rebuilt from the store once the database is migrated (`start()`), then kept current by
/// change notices from the change feed (after each push, reply, status or settings change). Notices that
/// arrive while the store is being read are gathered and read together, so a busy inbox costs one read
/// per round, not one per push. The scheduler sleeps until
/// the earliest alert is due (never a periodic scan) and wakes early when a change brings one forward.
/// Each due alert is claimed in the store first, so that it goes out once however many nodes or
/// restarts see it; a claimed alert goes to the change feed (the realtime hub and the webhook sender).
///
/// Time comes from two injected sources that tests move together: `now` (wall time, which deadlines are
/// in) and `clock` (what the scheduler sleeps on).
actor DeadlineScheduler: Service {
    /// What the notices asked for and nobody has read yet.
    private struct Notices {
        var rebuild = false
        var conversations: Set<Conversation.ID> = []
        var workspaces: Set<Workspace.ID> = []
    }

    private let context: ServiceContext
    private let staleAfter: TimeInterval
    private let claimRetryDelay: TimeInterval
    private let feed: ChangeFeed
    private let notices = Mutex(Notices())
    private let noticed = WakeSignal()
    private var queue: DeadlineQueue
    private var ready = false
    private let wake = WakeSignal()

    /// - Parameters:
    ///   - staleAfter: alerts overdue by more than this are dropped (after an outage or an import).
    ///   - claimRetryDelay: how soon to try an alert again whose claim failed (the database was away).
    ///   - feed: told once per alert, after it was claimed.
    init(
        _ context: ServiceContext, staleAfter: TimeInterval = DeadlineAlerts.defaultStaleAfter, claimRetryDelay: TimeInterval = 5,
        feed: ChangeFeed
    ) {
        self.context = context
        self.staleAfter = staleAfter
        self.claimRetryDelay = claimRetryDelay
        self.feed = feed
        self.queue = DeadlineQueue(staleAfter: staleAfter)
    }

    // MARK: - Change notices (never wait)

    /// Rebuilds the queue from the store; call once the database is migrated. Alerts start after this.
    public nonisolated func start() {
        self.notify(Notices(rebuild: true))
    }

    /// The deadlines of these conversations may have changed (their changes have committed).
    public nonisolated func deadlinesChanged(_ conversations: some Sequence<Conversation.ID>) {
        let ids = Set(conversations)
        if !ids.isEmpty { self.notify(Notices(conversations: ids)) }
    }

    /// A workspace's service-level policies or alert settings changed: re-read all its deadlines.
    public nonisolated func serviceLevelsChanged(workspace: Workspace.ID) {
        self.notify(Notices(workspaces: [workspace]))
    }

    /// Adds to what is to be read; only the first notice since the last read wakes the reader.
    private nonisolated func notify(_ change: Notices) {
        let wasEmpty = self.notices.withLock { notices in
            let wasEmpty = !notices.rebuild && notices.conversations.isEmpty && notices.workspaces.isEmpty
            notices.rebuild = notices.rebuild || change.rebuild
            notices.conversations.formUnion(change.conversations)
            notices.workspaces.formUnion(change.workspaces)
            return wasEmpty
        }
        if wasEmpty { self.noticed.signal() }
    }

    // MARK: - Service

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.readChanges() }
                group.addTask { await self.fireLoop() }
                await group.next()
                group.cancelAll()
            }
        }
    }

    /// Reads the deadlines the notices name and hands them to the queue: everything at the rebuild, then
    /// each round what was noticed since the last one.
    private func readChanges() async {
        while !Task.isCancelled {
            await self.noticed.wait()
            let notices = self.notices.withLock { notices in
                defer { notices = Notices() }
                return notices
            }
            do {
                if notices.rebuild {
                    let cutoff = self.context.now().addingTimeInterval(-self.staleAfter)
                    let deadlines = try await self.context.store.conversationsWithDeadlines(notBefore: cutoff)
                    self.update(deadlines, scope: .everything)
                    self.ready = true
                    self.context.logger.info("deadline queue rebuilt", metadata: ["conversations": "\(deadlines.count)"])
                }
                // Until the rebuild, changes are covered by it.
                guard self.ready else { continue }
                for workspace in notices.workspaces {
                    let cutoff = self.context.now().addingTimeInterval(-self.staleAfter)
                    let deadlines = try await self.context.store.conversationDeadlines(workspace: workspace, notBefore: cutoff)
                    self.update(deadlines, scope: .workspace(workspace))
                }
                if !notices.conversations.isEmpty {
                    let deadlines = try await self.context.store.conversationDeadlines(Array(notices.conversations))
                    self.update(deadlines, scope: .conversations(notices.conversations))
                }
            } catch {
                if Task.isCancelled { return }
                self.context.logger.error("cannot read deadlines", metadata: ["error": "\(String(reflecting: error))"])
                if notices.rebuild, !self.ready {
                    // Without the rebuild no alert would ever fire: try again shortly.
                    try? await self.context.clock.sleep(for: .seconds(self.claimRetryDelay))
                    self.notify(Notices(rebuild: true))
                }
            }
        }
    }

    private func update(_ deadlines: [ConversationDeadline], scope: DeadlineQueue.Scope) {
        self.queue.update(deadlines, scope: scope)
        self.wake.signal()
    }

    /// Fires what is due, then sleeps until the next due time or a change, whichever comes first.
    private func fireLoop() async {
        while !Task.isCancelled {
            let now = self.context.now()
            let due = self.queue.takeDue(at: now)
            for alert in due {
                await self.fire(alert)
            }
            if !due.isEmpty { continue }
            await self.wake.wait(until: self.queue.nextDue(), clock: self.context.clock, now: self.context.now)
        }
    }

    private func fire(_ alert: FiredAlert) async {
        do {
            if try await self.context.store.claimAlert(alert.alert, conversation: alert.conversationID, deadline: alert.deadline, now: alert.firedAt)
            {
                self.context.logger.info(
                    "deadline alert",
                    metadata: [
                        "type": "\(alert.alert.type)", "lead_seconds": "\(alert.alert.leadSeconds)",
                        "conversation": "\(alert.conversationID)", "deadline": "\(alert.deadline)",
                    ])
                var changes = Changes()
                changes.alerts = [alert]
                self.feed.announce(changes)
            }
        } catch {
            if Task.isCancelled { return }
            self.context.logger.error(
                "cannot record a deadline alert; trying again",
                metadata: [
                    "conversation": "\(alert.conversationID)", "error": "\(String(reflecting: error))",
                ])
            self.queue.retry(alert, at: alert.firedAt.addingTimeInterval(self.claimRetryDelay))
        }
    }
}
