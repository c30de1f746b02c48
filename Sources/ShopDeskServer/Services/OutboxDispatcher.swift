import Foundation
import Logging
import ServiceLifecycle
import ShopDeskChannels
import ShopDeskCore
import ShopDeskStore
import Synchronization

/// Delivers the replies agents write: claims them from the outbox, checks the platform's messaging
/// window, sends them through the platform's send API, and records what happened.
///
/// Exactly once, across crashes: a reply is claimed (and the claim committed) before it is sent, with
/// a lease longer than any send can take. A reply still claimed after its lease ran out was cut short
/// at an unknown point, so before sending it again the service asks the platform: marketplaces are
/// read back for the shop's copy; LINE and custom channels take an idempotency key, so a resend is
/// harmless; where neither is possible (Meta, WhatsApp) the reply is shown as failed with a note to
/// check the platform, rather than risk the buyer receiving it twice.
///
/// 429, 5xx and Graph's throttling codes are retried with `BackoffPolicy.platformSend` (exponential,
/// jittered, capped), never sooner than a `Retry-After`; the last error is kept beside the message.
public final class OutboxDispatcher: Service, Sendable {
    /// Test seams around the moment of sending, to stop the service exactly between the platform's
    /// answer and its record (a kill), or just before the request leaves.
    public struct Probe: Sendable {
        public var beforeSend: @Sendable (OutboxItem) async throws -> Void
        public var afterSend: @Sendable (OutboxItem, SendResult) async throws -> Void

        public init(
            beforeSend: @escaping @Sendable (OutboxItem) async throws -> Void = { _ in },
            afterSend: @escaping @Sendable (OutboxItem, SendResult) async throws -> Void = { _, _ in }
        ) {
            self.beforeSend = beforeSend
            self.afterSend = afterSend
        }
    }

    private let context: ServiceContext
    private let backoff: BackoffPolicy
    private let lease: TimeInterval
    private let idleCheck: TimeInterval
    private let concurrency: Int
    private let probe: Probe
    private let feed: ChangeFeed?
    private let wakeSignal = WakeSignal()
    private let stopping = Atomic<Bool>(false)

    /// - Parameters:
    ///   - lease: how long a claimed reply is left to its sender; longer than the send timeout.
    ///   - feed: told after a reply's delivery state was recorded.
    init(
        _ context: ServiceContext, backoff: BackoffPolicy = .platformSend, lease: TimeInterval = 60, idleCheck: TimeInterval = 30,
        concurrency: Int = 8, probe: Probe = Probe(), feed: ChangeFeed? = nil
    ) {
        self.context = context
        self.backoff = backoff
        self.lease = lease
        self.idleCheck = idleCheck
        self.concurrency = max(1, concurrency)
        self.probe = probe
        self.feed = feed
    }

    /// A reply was queued: look at the outbox now rather than at the next idle check.
    public func wake() {
        self.wakeSignal.signal()
    }

    public func run() async throws {
        try await self.context.withPlatformClient { await self.deliverUntilStopped($0) }
    }

    /// Claims and delivers until graceful shutdown; sends in flight then finish (they are bounded by the
    /// send timeout) so that a normal stop leaves nothing in doubt. Cancellation stops at once.
    private func deliverUntilStopped(_ client: PlatformClient) async {
        await withGracefulShutdownHandler {
            while !self.stopping.load(ordering: .relaxed), !Task.isCancelled {
                let items: [OutboxItem]
                do {
                    items = try await self.context.store.claimOutbox(now: self.context.now(), lease: self.lease, limit: self.concurrency * 4)
                } catch {
                    if Task.isCancelled { return }
                    self.context.logger.error("cannot claim replies to deliver", metadata: ["error": "\(String(reflecting: error))"])
                    await self.wakeSignal.wait(until: self.context.now().addingTimeInterval(5), clock: self.context.clock, now: self.context.now)
                    continue
                }
                if items.isEmpty {
                    let next = (try? await self.context.store.nextOutboxWake()) ?? nil
                    let idle = self.context.now().addingTimeInterval(self.idleCheck)
                    await self.wakeSignal.wait(until: min(next ?? idle, idle), clock: self.context.clock, now: self.context.now)
                    continue
                }
                // Each account's credentials are read and decrypted once per batch, not once per reply.
                var accounts: [ChannelAccount.ID: (ChannelAccount, ChannelCredentials)?] = [:]
                for id in Set(items.map(\.channelAccountID)) {
                    do {
                        accounts[id] = try await self.context.store.channelAccountWithCredentials(id)
                    } catch {
                        self.context.logger.error(
                            "cannot read a channel account", metadata: ["channel": "\(id)", "error": "\(String(reflecting: error))"])
                    }
                }
                await withTaskGroup(of: Void.self) { group in
                    var running = 0
                    // A reply whose account could not be read keeps its claim and is retried after the lease.
                    for item in items {
                        guard let account = accounts[item.channelAccountID] else { continue }
                        if running >= self.concurrency {
                            await group.next()
                            running -= 1
                        }
                        group.addTask { await self.deliver(item, account: account, with: client) }
                        running += 1
                    }
                }
            }
        } onGracefulShutdown: {
            self.stopping.store(true, ordering: .relaxed)
            self.wakeSignal.signal()
        }
    }

    /// - Parameter account: the reply's channel account with its credentials; nil when it was archived.
    private func deliver(_ item: OutboxItem, account found: (ChannelAccount, ChannelCredentials)?, with client: PlatformClient) async {
        var metadata: Logger.Metadata = [
            "message": "\(item.messageID)", "platform": "\(item.platform.rawValue)", "attempt": "\(item.attempts)",
        ]
        do {
            guard let (account, credentials) = found else {
                try await self.fail(item, reason: "the channel account was archived, so the reply cannot be sent", metadata: metadata)
                return
            }
            let decision = MessagingWindow.sendDecision(
                platform: item.platform, kind: item.conversationKind, lastBuyerMessageAt: item.lastBuyerMessageAt, now: self.context.now(),
                byHuman: true, isTemplate: item.template != nil
            )
            guard case .send(let humanAgentTag) = decision else {
                if case .refuse(let reason) = decision { try await self.fail(item, reason: reason, metadata: metadata) }
                return
            }
            let reply = OutboundReply(
                messageID: item.messageID, text: item.text, conversationKind: item.conversationKind,
                conversationExternalID: item.conversationExternalID,
                buyerPlatformUserID: item.buyerPlatformUserID ?? item.conversationExternalID,
                replyToPlatformMessageID: item.latestBuyerMessageID, humanAgentTag: humanAgentTag, template: item.template
            )
            if item.inDoubt, !PlatformClient.resendIsIdempotent(for: account) {
                metadata["in_doubt_since"] = "\(item.attemptStartedAt)"
                let known = try await self.context.store.platformMessageIDs(in: item.conversationID)
                switch try await client.reconcile(
                    reply, notBefore: item.attemptStartedAt, excluding: known, account: account, credentials: credentials)
                {
                case .sent(let platformMessageID):
                    self.context.logger.notice("a reply cut short had reached the platform; recorded", metadata: metadata)
                    try await self.context.store.recordSent(item, platformMessageID: platformMessageID, now: self.context.now())
                    self.recorded(item)
                    return
                case .notSent:
                    self.context.logger.notice("a reply cut short had not reached the platform; sending it", metadata: metadata)
                case .unknown:
                    try await self.fail(
                        item,
                        reason: "delivery uncertain: ShopDesk stopped while sending this reply and \(item.platform.rawValue) "
                            + "offers no way to check whether it arrived; look at the conversation there before sending it again",
                        metadata: metadata
                    )
                    return
                }
            }
            try await self.probe.beforeSend(item)
            let result = try await client.send(reply, account: account, credentials: credentials)
            try await self.probe.afterSend(item, result)
            try await self.record(result, of: item, metadata: metadata)
        } catch {
            // Cancelled, or the store failed: the claim stays, and after its lease the reply is checked
            // and sent (or recorded) by whichever node claims it next.
            if !Task.isCancelled {
                self.context.logger.error("reply delivery interrupted", metadata: metadata.merging(["error": "\(String(reflecting: error))"]) { $1 })
            }
        }
    }

    private func record(_ result: SendResult, of item: OutboxItem, metadata: Logger.Metadata) async throws {
        switch result {
        case .sent(let platformMessageID):
            try await self.context.store.recordSent(item, platformMessageID: platformMessageID, now: self.context.now())
            self.context.logger.info("reply delivered", metadata: metadata.merging(["platform_message_id": "\(platformMessageID ?? "-")"]) { $1 })
        case .retry(let reason, let after):
            guard let delay = self.backoff.delay(afterAttempt: item.attempts, jitter: Double.random(in: 0...1)) else {
                try await self.fail(item, reason: "gave up after \(item.attempts) attempts: \(reason)", metadata: metadata)
                return
            }
            let wait = max(delay, after ?? .zero)
            let at = self.context.now().addingTimeInterval(wait / .seconds(1))
            try await self.context.store.scheduleRetry(item, at: at, reason: reason)
            self.context.logger.notice(
                "reply not delivered; retrying", metadata: metadata.merging(["reason": "\(reason)", "delay": "\(wait)"]) { $1 })
        case .uncertain(let reason):
            // Left claimed: after the lease it is in doubt and checked with the platform before any resend.
            self.context.logger.warning("no answer to a reply; checking before resending", metadata: metadata.merging(["reason": "\(reason)"]) { $1 })
            return
        case .rejected(let reason):
            try await self.fail(item, reason: reason, metadata: metadata)
            return
        }
        self.recorded(item)
    }

    private func fail(_ item: OutboxItem, reason: String, metadata: Logger.Metadata) async throws {
        try await self.context.store.recordFailure(item, reason: reason, now: self.context.now())
        self.context.logger.warning("reply not delivered", metadata: metadata.merging(["reason": "\(reason)"]) { $1 })
        self.recorded(item)
    }

    /// A reply's delivery state was recorded: its conversation changed.
    private func recorded(_ item: OutboxItem) {
        self.feed?.announce(.conversation(item.conversationID, in: item.workspaceID, channel: item.channelAccountID))
    }
}
