import Foundation
import Logging
import ServiceLifecycle
import ShopDeskChannels
import ShopDeskCore
import ShopDeskStore

/// Work that falls due at times kept in the store: snoozed conversations coming back to the queue,
/// checkout reservations running out, stock pushes and order fetches. It sleeps until the earliest due time the store knows (so a
/// restart or another node's change is never lost), does what is due, and looks again when told that
/// something new was scheduled. Every node may run it: the store does each piece once.
final class DueWork: Service, Sendable {
    private let context: ServiceContext
    private let name: String
    private let perform: @Sendable (Date, PlatformClient?) async throws -> Int
    private let callsPlatforms: Bool
    private let nextDue: @Sendable () async throws -> Date?
    private let retryDelay: TimeInterval
    private let wakeSignal = WakeSignal()

    /// - Parameters:
    ///   - perform: does what is due at the given time; returns how much it did (it is called again at
    ///     once while it does something, as it may do a bounded amount at a time).
    ///   - nextDue: when the next piece falls due.
    ///   - retryDelay: how soon to look again after the database could not be read.
    init(
        _ context: ServiceContext, name: String, retryDelay: TimeInterval = 5, perform: @escaping @Sendable (Date) async throws -> Int,
        nextDue: @escaping @Sendable () async throws -> Date?
    ) {
        self.context = context
        self.name = name
        self.perform = { now, _ in try await perform(now) }
        self.callsPlatforms = false
        self.nextDue = nextDue
        self.retryDelay = retryDelay
    }

    /// Work that calls the platforms' APIs: `perform` is given the client, made when the service runs.
    init(
        _ context: ServiceContext, name: String, retryDelay: TimeInterval = 5,
        calling perform: @escaping @Sendable (Date, PlatformClient) async throws -> Int, nextDue: @escaping @Sendable () async throws -> Date?
    ) {
        self.context = context
        self.name = name
        self.perform = { now, client in
            guard let client else { return 0 }
            return try await perform(now, client)
        }
        self.callsPlatforms = true
        self.nextDue = nextDue
        self.retryDelay = retryDelay
    }

    /// Something new was scheduled: look again at when the next piece falls due.
    func wake() {
        self.wakeSignal.signal()
    }

    func run() async throws {
        if self.callsPlatforms {
            try await self.context.withPlatformClient { client in await self.workUntilCancelled(client) }
        } else {
            await self.context.databaseReady.wait()
            await self.workUntilCancelled(nil)
        }
    }

    private func workUntilCancelled(_ client: PlatformClient?) async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let next: Date?
                do {
                    let done = try await self.perform(self.context.now(), client)
                    if done > 0 {
                        self.context.logger.debug("\(self.name) done", metadata: ["count": "\(done)"])
                        continue
                    }
                    next = try await self.nextDue()
                } catch {
                    if Task.isCancelled { return }
                    self.context.logger.error("\(self.name) failed; trying again", metadata: ["error": "\(String(reflecting: error))"])
                    next = self.context.now().addingTimeInterval(self.retryDelay)
                }
                await self.wakeSignal.wait(until: next, clock: self.context.clock, now: self.context.now)
            }
        }
    }
}

extension DueWork {
    /// Puts snoozed conversations back in the queue, open and with their full deadline, and announces
    /// them so open screens show them again and the deadline queue takes their deadline.
    static func snoozes(_ context: ServiceContext, feed: ChangeFeed) -> DueWork {
        DueWork(
            context, name: "snoozed conversations back in the queue",
            perform: { now in
                let woken = try await context.store.wakeSnoozed(now: now)
                var changes = Changes()
                for conversation in woken {
                    changes.conversations[conversation.id] = Changes.Scope(
                        workspace: conversation.workspaceID, channel: conversation.channelAccountID)
                }
                feed.announce(changes)
                return woken.count
            },
            nextDue: { try await context.store.nextSnoozeWake() })
    }

    /// Gives back the stock of checkout reservations whose time is up, and announces the SKUs so their
    /// listings are pushed.
    static func reservations(_ context: ServiceContext, feed: ChangeFeed) -> DueWork {
        DueWork(
            context, name: "reservations expired",
            perform: { now in
                let expired = try await context.store.expireReservations(now: now)
                feed.announce(.stock(of: expired))
                return expired.count
            },
            nextDue: { try await context.store.nextReservationExpiry() })
    }
}
