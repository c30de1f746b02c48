import Foundation
import Hummingbird
import Logging
import NIOCore
import OpenAPIHummingbird
import Prometheus
import ServiceLifecycle
import ShopDeskChannels
import ShopDeskCore
import ShopDeskStore

/// Builds the whole server from its settings: store, migrations, ingest writer, routes and services.
/// `shopdesk serve` and the tests call this same function.
///
/// - Parameters:
///   - now: the wall time requests and services read (tests pass their own).
///   - clock: what timers sleep on (deadline alerts, webhook retries); tests pass one they advance
///     in step with `now`.
///   - events: the realtime hub (tests pass one they subscribe to).
///   - prometheus: the registry `/metrics` serves; the executable bootstraps swift-metrics with it too.
///   - platformTransport: how platform API calls travel; nil for the live HTTP client.
public func buildApplication(
    _ settings: AppSettings, logger: Logger, now: @escaping @Sendable () -> Date = { Date() },
    clock: any Clock<Duration> = ContinuousClock(), events: EventHub = EventHub(),
    platformTransport: (any PlatformTransport)? = nil,
    prometheus: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    let location = try settings.databaseLocation()
    let secrets = try SecretBox.load(environmentKey: settings.secretKey, dataDirectory: settings.dataDirectory)
    let store = try await SQLStore.open(location, secrets: secrets, logger: logger)
    let metrics = ServerMetrics(registry: prometheus)
    // What happens after a change is decided in one place, the change feed; the services that react to
    // changes also make some (alerts, deliveries), so they are connected to it once all are built.
    let feed = ChangeFeed()
    let ingest = IngestPipeline(store: store, maxQueued: settings.ingestQueueLimit, now: now, logger: logger, afterCommit: metrics.record)
    let reservationWriter = ReservationPipeline(store: store, logger: logger, afterCommit: metrics.record)
    let channelAccounts = ChannelAccountCache(store: store)
    let desk = Desk(
        store: store, ingest: ingest, reservationWriter: reservationWriter, feed: feed, compliance: ComplianceService(store: store, logger: logger),
        channelAccounts: channelAccounts,
        bcryptCost: settings.bcryptCost, sessionLifetime: settings.sessionLifetime, unknownUserHash: UnknownUserHash(cost: settings.bcryptCost),
        signInLimiter: SignInLimiter(),
        clock: now, logger: logger, platformTransport: platformTransport
    )
    let migrated = Latch()
    let services = ServiceContext(
        store: store, transport: platformTransport, clock: clock, now: now, logger: logger, databaseReady: migrated
    )
    let webhooks = AlertWebhookSender(services)
    let deadlines = DeadlineScheduler(services, feed: feed)
    let outbox = OutboxDispatcher(services, feed: feed)
    let poller = ReconciliationPoller(services, desk: desk, interval: settings.pollInterval)
    let retention = RetentionPurger(services)
    let snoozes = DueWork.snoozes(services, feed: feed)
    let reservations = DueWork.reservations(services, feed: feed)
    let orderFetches = DueWork.orderFetches(services, feed: feed)
    let productImports = DueWork.productImports(services, feed: feed)
    let stockNotices = DueWork.stockNotices(services, feed: feed)
    let orderReconciliation = settings.orderPollInterval.map { DueWork.orderReconciliation(services, feed: feed, interval: $0) }
    let dispatchAlerts = DueWork.dispatchAlerts(services, feed: feed)
    let orderAlertWebhooks = DueWork.orderAlertWebhooks(services)
    let shopFigures = DueWork.shopFigures(services)
    let stockPush = DueWork.stockPushes(services, pusher: StockPusher(services, feed: feed, acknowledged: metrics.recordStockPushes))
    feed.connect(
        ChangeFeed.Reactions(
            events: events, deadlines: deadlines, outbox: outbox, poller: poller, alertWebhooks: webhooks, retention: retention,
            snoozes: snoozes, reservations: reservations, stockPush: stockPush, orderFetches: orderFetches, productImports: productImports,
            stockNotices: stockNotices, dispatchAlerts: dispatchAlerts, orderAlertWebhooks: orderAlertWebhooks,
            orderReconciliation: orderReconciliation, shopFigures: shopFigures,
            channelAccounts: channelAccounts,
            metrics: metrics
        ))
    let dependencies = AppDependencies(
        desk: desk, metrics: metrics, sessionCookie: SessionCookie(lifetime: settings.sessionLifetime, secure: settings.secureCookies),
        trustedProxies: settings.trustedProxies
    )
    let router = try buildRouter(dependencies)
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "shopdesk"),
        onServerRunning: onServerRunning,
        logger: logger
    )
    // Services start in this order and stop in reverse: the HTTP server first, then the poller and the
    // reply sender (which finishes the sends in flight), the reservation expirer, the snooze waker, the
    // retention purge, the ingest
    // writer (which drains what it accepted), the deadline scheduler, the webhook sender, the realtime hub,
    // and the database connections last.
    app.addServices(StoreService(store: store), events, webhooks, deadlines, ingest, reservationWriter, retention, snoozes, reservations)
    if settings.callPlatforms {
        app.addServices(outbox, poller, stockPush, orderFetches, productImports, shopFigures)
        if let orderReconciliation { app.addServices(orderReconciliation) }
    }
    app.addServices(stockNotices, dispatchAlerts, orderAlertWebhooks)
    app.beforeServerStarts {
        let applied = try await store.migrate()
        if !applied.isEmpty {
            logger.info("database migrated", metadata: ["versions": "\(applied)", "database": "\(location)"])
        }
        migrated.open()
        deadlines.start()
        retention.wake()
        try await webhooks.resumePending()
        if try await store.firstWorkspace() == nil {
            logger.notice("no owner yet: create one with `shopdesk admin create --email you@example.com --password-stdin`")
        }
        logger.info("ShopDesk ready", metadata: ["database": "\(location)", "address": "\(settings.host):\(settings.port)"])
    }
    return app
}

func buildRouter(_ dependencies: AppDependencies) throws -> Router<ShopDeskRequestContext> {
    let router = Router(context: ShopDeskRequestContext.self)
    router.middlewares.add(LogRequestsMiddleware(.info))
    router.middlewares.add(MetricsMiddleware())
    router.middlewares.add(ErrorMiddleware(metrics: dependencies.metrics))
    router.middlewares.add(RequestCredentialsMiddleware(trustedProxies: dependencies.trustedProxies))
    router.get("/healthz") { _, _ -> Response in
        do {
            try await dependencies.desk.store.ping()
            return Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        } catch {
            return Response(
                status: .serviceUnavailable, headers: [.contentType: "text/plain"],
                body: .init(byteBuffer: ByteBuffer(string: "database unavailable\n")))
        }
    }
    router.get("/metrics") { _, _ -> Response in
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
            body: .init(byteBuffer: ByteBuffer(bytes: dependencies.metrics.registry.emitToBuffer()))
        )
    }
    try APIHandler(desk: dependencies.desk, sessionCookie: dependencies.sessionCookie).registerHandlers(on: router)
    WebhookRoutes(desk: dependencies.desk).register(on: router)
    WebRoutes(desk: dependencies.desk, sessionCookie: dependencies.sessionCookie).register(on: router)
    return router
}

/// Keeps the database connections open while the server runs, and closes them last on shutdown.
struct StoreService: Service {
    let store: SQLStore

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.store.run() }
            try? await gracefulShutdown()
            group.cancelAll()
        }
        await self.store.close()
    }
}
