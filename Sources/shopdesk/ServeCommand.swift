import ArgumentParser
import Hummingbird
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import ShopDeskServer

/// `shopdesk serve`: the server, configured from flags, `SHOPDESK_*` variables and defaults.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the ShopDesk server.")

    @Option(help: "Address to listen on (env SHOPDESK_HOST; default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (env SHOPDESK_PORT; default 8080).") var port: Int?
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        try await runCommand { logger in
            let settings = try self.storage.settings(host: self.host, port: self.port)
            let registry = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
            var serverLogger = logger
            serverLogger.logLevel = settings.logLevel
            let app = try await buildApplication(settings, logger: serverLogger, prometheus: registry)
            try await CommandError.reportingPortInUse(host: settings.host, port: settings.port) {
                try await app.runService()
            }
        }
    }
}
