import ArgumentParser
import ShopDeskServer

/// Options every command shares. Flags override `SHOPDESK_*` environment variables, which override defaults.
struct StorageOptions: ParsableArguments {
    @Option(help: "Data directory for the SQLite database and the secret key (env SHOPDESK_DATA_DIR; default ./shopdesk-data).")
    var dataDir: String?

    @Option(help: "PostgreSQL URL, postgres://user:password@host:port/database (env SHOPDESK_DATABASE_URL; default: SQLite in the data directory).")
    var databaseURL: String?

    func settings(host: String? = nil, port: Int? = nil) throws -> AppSettings {
        try AppSettings.resolve(host: host, port: port, dataDirectory: self.dataDir, databaseURL: self.databaseURL)
    }
}
