import Foundation
import Logging
import ServiceLifecycle
import ShopDeskCore
import ShopDeskStore

/// Puts snoozed conversations back in the queue on time: it sleeps until the earliest snooze ends (read
/// from the store, so a restart or another node's snooze is never lost), wakes the due ones in the store
/// and announces them, so open screens show them again and the deadline queue takes their full deadline.
/// A new snooze wakes it early to look again. Every node may run it: the store wakes each conversation once.
final class SnoozeWaker: Service, Sendable {
    private let context: ServiceContext
    private let feed: ChangeFeed
    private let retryDelay: TimeInterval
    private let wakeSignal = WakeSignal()

    /// - Parameter retryDelay: how soon to look again after the database could not be read.
    init(_ context: ServiceContext, feed: ChangeFeed, retryDelay: TimeInterval = 5) {
        self.context = context
        self.feed = feed
        self.retryDelay = retryDelay
    }

    /// A conversation was snoozed: look again at when the next one is due.
    func wake() {
        self.wakeSignal.signal()
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await self.context.databaseReady.wait()
            while !Task.isCancelled {
                let next: Date?
                do {
                    let woken = try await self.context.store.wakeSnoozed(now: self.context.now())
                    if !woken.isEmpty {
                        self.announce(woken)
                        continue
                    }
                    next = try await self.context.store.nextSnoozeWake()
                } catch {
                    if Task.isCancelled { return }
                    self.context.logger.error("cannot wake snoozed conversations; trying again", metadata: ["error": "\(String(reflecting: error))"])
                    next = self.context.now().addingTimeInterval(self.retryDelay)
                }
                await self.wakeSignal.wait(until: next, clock: self.context.clock, now: self.context.now)
            }
        }
    }

    private func announce(_ woken: [Conversation]) {
        var changes = Changes()
        for conversation in woken {
            changes.conversations[conversation.id] = Changes.Scope(workspace: conversation.workspaceID, channel: conversation.channelAccountID)
        }
        self.context.logger.info("snoozed conversations back in the queue", metadata: ["count": "\(woken.count)"])
        self.feed.announce(changes)
    }
}
