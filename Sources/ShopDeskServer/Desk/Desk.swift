import Foundation
import Logging
import ShopDeskChannels
import ShopDeskCore
import ShopDeskStore

/// The desk's actions: everything ShopDesk does on behalf of an agent, a platform or the command line,
/// whichever edge (HTTP API, web page, webhook route, background service) asked for it.
///
/// An action takes typed input, does its work (in one transaction where it writes), throws the desk's
/// own errors (`DeskError`, or the store's and Core's), and ends with `finish`, which hands what changed
/// to the one change feed. Edges decode their request, call one action and encode its result; they
/// never touch the store or the feed themselves.
struct Desk: Sendable {
    var store: SQLStore
    /// The group-commit writer every push and platform read goes through.
    var ingest: IngestPipeline
    /// The group-commit writer of checkout reservations; nil for a command-line desk, which holds none
    /// at a rate worth batching and writes them directly.
    var reservationWriter: ReservationPipeline?
    var feed: ChangeFeed
    /// The compliance guard per workspace, and the masker of personal data.
    var compliance: ComplianceService
    /// Channel accounts as pushes are checked against them.
    var channelAccounts: ChannelAccountCache
    var bcryptCost: UInt8
    var sessionLifetime: TimeInterval
    var unknownUserHash: UnknownUserHash
    /// Failed sign-ins per e-mail address, shared by the API and the web form.
    var signInLimiter: SignInLimiter
    /// The wall time actions read; tests substitute their own.
    var clock: @Sendable () -> Date
    var logger: Logger
    /// How calls to the platforms an agent waits for travel; nil for the live HTTP client.
    var platformTransport: (any PlatformTransport)? = nil

    var now: Date { self.clock() }

    /// Every action that changed something ends here, after its commit: the change feed tells whoever reacts.
    @discardableResult
    func finish<Value>(_ value: Value, _ changes: Changes) -> Value {
        self.feed.announce(changes)
        return value
    }

    /// The desk for one command-line operation on `store`: nothing runs beside it, so there is no one
    /// to tell about changes and no push to store.
    static func offline(store: SQLStore, bcryptCost: UInt8, logger: Logger) -> Desk {
        Desk(
            store: store, ingest: IngestPipeline(store: store, logger: logger), reservationWriter: nil, feed: ChangeFeed(),
            compliance: ComplianceService(store: store, logger: logger), channelAccounts: ChannelAccountCache(store: store),
            bcryptCost: bcryptCost, sessionLifetime: 0, unknownUserHash: UnknownUserHash(cost: bcryptCost), signInLimiter: SignInLimiter(),
            clock: { Date() },
            logger: logger
        )
    }
}
