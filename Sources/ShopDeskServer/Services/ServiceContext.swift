import Foundation
import Logging
import ShopDeskChannels
import ShopDeskStore

/// What every background service is made with, set up once in `buildApplication`: the store, the two
/// sources of time (wall time, which deadlines are in, and the clock services sleep on; tests move them
/// together), the logger, and how calls to the platforms travel.
struct ServiceContext: Sendable {
    var store: SQLStore
    /// How platform API calls travel; nil for the live HTTP client, made when a service runs.
    var transport: (any PlatformTransport)?
    var clock: any Clock<Duration>
    var now: @Sendable () -> Date
    var logger: Logger
    /// Opened once the database is migrated; services that poll it wait for it (open by default, for a
    /// service run on a store that is ready).
    var databaseReady: Latch

    init(
        store: SQLStore, transport: (any PlatformTransport)? = nil, clock: any Clock<Duration> = ContinuousClock(),
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger, databaseReady: Latch = Latch(opened: true)
    ) {
        self.store = store
        self.transport = transport
        self.clock = clock
        self.now = now
        self.logger = logger
        self.databaseReady = databaseReady
    }

    /// Runs `body` with a client for the platforms' APIs, once the database is ready. The live HTTP client is made here, not when
    /// the service is built, so that an application built but never run leaves no client to shut down.
    func withPlatformClient(_ body: (PlatformClient) async -> Void) async throws {
        await self.databaseReady.wait()
        if let transport = self.transport {
            await body(PlatformClient(transport: transport, now: self.now))
        } else {
            try await HTTPClientTransport.withLive { await body(PlatformClient(transport: $0, now: self.now)) }
        }
    }
}
