import Foundation
import ShopDeskCore
import ShopDeskStore
import Synchronization

/// The channel accounts (with their decrypted credentials) that webhook pushes are checked against,
/// kept for a few seconds so that a busy account's pushes do not each read and decrypt its row.
/// A change made through this node's API takes effect at once; one made on another node within
/// `lifetime` (a credential rotation, an archived account).
final class ChannelAccountCache: Sendable {
    private struct Entry {
        var account: ChannelAccount
        var credentials: ChannelCredentials
        var loadedAt: ContinuousClock.Instant
    }

    private let store: SQLStore
    private let lifetime: Duration
    private let entries = Mutex<[ChannelAccount.ID: Entry]>([:])

    init(store: SQLStore, lifetime: Duration = .seconds(5)) {
        self.store = store
        self.lifetime = lifetime
    }

    /// The live account and its credentials, or nil when there is no such live account.
    func account(_ id: ChannelAccount.ID) async throws -> (ChannelAccount, ChannelCredentials)? {
        let now = ContinuousClock.now
        if let entry = self.entries.withLock({ $0[id] }), now - entry.loadedAt < self.lifetime {
            return (entry.account, entry.credentials)
        }
        guard let (account, credentials) = try await self.store.channelAccountWithCredentials(id) else {
            self.invalidate(id)
            return nil
        }
        self.entries.withLock { entries in
            // Bounded: an account unused for a lifetime is dropped when the cache is next written.
            if entries.count > 1000 { entries = entries.filter { now - $0.value.loadedAt < self.lifetime } }
            entries[id] = Entry(account: account, credentials: credentials, loadedAt: now)
        }
        return (account, credentials)
    }

    func invalidate(_ id: ChannelAccount.ID) {
        _ = self.entries.withLock { $0.removeValue(forKey: id) }
    }
}
