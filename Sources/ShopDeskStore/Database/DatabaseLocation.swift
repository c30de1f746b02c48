import Foundation

/// Where the data lives: an SQLite file in the data directory (the default) or a PostgreSQL URL.
public enum DatabaseLocation: Sendable, Hashable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// Reads `--database-url` / `SHOPDESK_DATABASE_URL` if given, otherwise the SQLite file in `dataDirectory`.
    public static func resolve(databaseURL: String?, dataDirectory: String) throws(StoreError) -> DatabaseLocation {
        guard let url = databaseURL?.trimmingCharacters(in: .whitespaces), !url.isEmpty else {
            return .sqlite(path: URL(fileURLWithPath: dataDirectory).appendingPathComponent("shopdesk.sqlite").path)
        }
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            guard let parsed = URL(string: url), parsed.host != nil else {
                throw .configuration("database URL '\(Self.redacted(url))' is not a valid postgres:// URL")
            }
            _ = try PostgresTLS(url: url)
            return .postgres(url: url)
        }
        if url.hasPrefix("sqlite://") {
            return .sqlite(path: String(url.dropFirst("sqlite://".count)))
        }
        throw .configuration("database URL must start with postgres:// (or sqlite://), not '\(Self.redacted(url))'")
    }

    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let url): Self.redacted(url)
        }
    }

    /// The URL with its password replaced, for logs and error messages.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }
}
