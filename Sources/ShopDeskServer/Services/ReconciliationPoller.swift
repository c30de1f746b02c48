import Foundation
import Logging
import ServiceLifecycle
import ShopDeskChannels
import ShopDeskCore
import ShopDeskStore

/// Reads the marketplaces' chats back so that nothing depends on pushes alone: platforms retry pushes
/// for a while and may switch them off for an endpoint that keeps failing, and TikTok Shop says plainly
/// that webhooks cannot be relied on (platforms.md §1.5).
///
/// Two jobs, on one loop: conversations a push only nudged about (TikTok Shop NEW_MESSAGE, Lazada IM
/// session update) have their new messages fetched as soon as the nudge is stored; and every
/// `interval` each TikTok Shop, Shopee and Lazada account's recently active conversations are read
/// since a stored cursor. Everything goes through the desk as a push would (`Desk.receive`), which
/// stores each platform message once, so what a poll and a push both bring is one message.
final class ReconciliationPoller: Service, Sendable {
    public static let pollablePlatforms: [Platform] = [.tiktokShop, .shopee, .lazada]

    private let context: ServiceContext
    private let desk: Desk
    private let interval: TimeInterval?
    private let firstLookBack: TimeInterval
    private let wakeSignal = WakeSignal()

    /// - Parameters:
    ///   - interval: between polls of every account (nil: no periodic polling); nudges are fetched at once regardless.
    ///   - firstLookBack: how far back an account's first poll reads.
    init(_ context: ServiceContext, desk: Desk, interval: TimeInterval? = 60, firstLookBack: TimeInterval = 24 * 3600) {
        self.context = context
        self.desk = desk
        self.interval = interval
        self.firstLookBack = firstLookBack
    }

    /// A nudge was stored: fetch now.
    public func wake() {
        self.wakeSignal.signal()
    }

    public func run() async throws {
        try await self.context.withPlatformClient { await self.loop($0) }
    }

    private func loop(_ client: PlatformClient) async {
        await cancelWhenGracefulShutdown {
            var nextPoll: Date? = self.interval == nil ? nil : self.context.now()
            while !Task.isCancelled {
                await self.fetchNudged(client)
                if let due = nextPoll, let interval = self.interval, self.context.now() >= due {
                    await self.pollAll(client)
                    nextPoll = self.context.now().addingTimeInterval(interval)
                }
                await self.wakeSignal.wait(until: nextPoll, clock: self.context.clock, now: self.context.now)
            }
        }
    }

    /// Fetches the conversations pushes nudged about, until none is waiting.
    public func fetchNudged(_ client: PlatformClient) async {
        var accounts: [ChannelAccount.ID: (ChannelAccount, ChannelCredentials)?] = [:]
        while !Task.isCancelled {
            let fetches: [PendingFetch]
            do {
                fetches = try await self.context.store.pendingFetches()
            } catch {
                self.context.logger.error("cannot read the conversations to fetch", metadata: ["error": "\(String(reflecting: error))"])
                return
            }
            var progressed = false
            for fetch in fetches {
                if accounts[fetch.channelAccountID] == nil {
                    accounts[fetch.channelAccountID] = try? await self.context.store.channelAccountWithCredentials(fetch.channelAccountID)
                }
                do {
                    if let (account, credentials) = accounts[fetch.channelAccountID] ?? nil {
                        try await self.readConversation(
                            fetch.conversationExternalID, since: nil, buyer: nil, account: account, credentials: credentials, client: client
                        )
                    }
                    // An archived account's nudges are dropped with it.
                    try await self.context.store.finishFetch(fetch, now: self.context.now())
                    progressed = true
                } catch {
                    if Task.isCancelled { return }
                    self.context.logger.warning(
                        "cannot fetch a nudged conversation; the next poll tries again",
                        metadata: [
                            "channel": "\(fetch.channelAccountID)", "conversation": "\(fetch.conversationExternalID)",
                            "error": "\(String(reflecting: error))",
                        ])
                }
            }
            // Stop when nothing is left, or when everything left failed (the next round retries it).
            if fetches.isEmpty || !progressed { return }
        }
    }

    /// Polls every marketplace account once.
    public func pollAll(_ client: PlatformClient) async {
        let accounts: [(ChannelAccount, ChannelCredentials)]
        do {
            accounts = try await self.context.store.channelAccountsWithCredentials(platforms: Self.pollablePlatforms)
        } catch {
            self.context.logger.error("cannot list the accounts to poll", metadata: ["error": "\(String(reflecting: error))"])
            return
        }
        for (account, credentials) in accounts where !Task.isCancelled {
            do {
                try await self.poll(account, credentials: credentials, client: client)
            } catch {
                if Task.isCancelled { return }
                self.context.logger.warning(
                    "polling failed; trying again at the next interval",
                    metadata: [
                        "channel": "\(account.id)", "platform": "\(account.platform.rawValue)", "error": "\(String(reflecting: error))",
                    ])
            }
        }
    }

    private func poll(_ account: ChannelAccount, credentials: ChannelCredentials, client: PlatformClient) async throws {
        let cursor = try await self.context.store.pollCursor(channel: account.id) ?? self.context.now().addingTimeInterval(-self.firstLookBack)
        let active = try await client.activeConversations(since: cursor, account: account, credentials: credentials)
        var until = cursor
        for conversation in active {
            try await self.readConversation(
                conversation.externalID, since: cursor, buyer: conversation.buyer, account: account, credentials: credentials, client: client
            )
            if let at = conversation.lastActivityAt { until = max(until, at) }
        }
        // The cursor follows the platform's own times, so a skewed local clock loses nothing.
        if until > cursor || active.isEmpty {
            try await self.context.store.savePollCursor(channel: account.id, workspace: account.workspaceID, until: until, now: self.context.now())
        }
    }

    /// Reads one conversation's messages newer than what is stored (or than `since`) and ingests them.
    private func readConversation(
        _ externalID: String, since: Date?, buyer: BuyerProfile?, account: ChannelAccount, credentials: ChannelCredentials,
        client: PlatformClient
    ) async throws {
        let known = try await self.context.store.knownConversation(channel: account.id, externalID: externalID)
        let from = [since, known?.latestMessageAt].compactMap { $0 }.max()
        let messages = try await client.messages(
            in: externalID, since: from, buyer: known?.buyer ?? buyer, account: account, credentials: credentials
        )
        guard !messages.isEmpty else { return }
        let results = try await self.desk.receive(InboundPush(messages: messages))
        let stored = results.filter { (try? $0.get())?.duplicate == false }.count
        if stored > 0 {
            self.context.logger.info(
                "messages found by reading the platform back",
                metadata: [
                    "channel": "\(account.id)", "conversation": "\(externalID)", "stored": "\(stored)",
                ])
        }
    }
}
