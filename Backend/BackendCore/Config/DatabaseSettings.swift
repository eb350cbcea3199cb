import Foundation

/// Which database the backend uses.
package enum DatabaseSettings: Sendable, Equatable, CustomStringConvertible {
    /// An SQLite file (the embedded default: `{data_dir}/relay.sqlite`).
    case sqlite(path: String)
    /// A PostgreSQL server, by `postgres://user:password@host:port/db` URL.
    case postgres(url: String)

    /// Reads `database_url`: empty → SQLite in `dataDir`; `sqlite:///abs/path` or `sqlite:relative` → that
    /// file; `postgres://` / `postgresql://` → PostgreSQL.
    package static func parse(_ url: String?, dataDir: String) throws -> DatabaseSettings {
        guard let url, !url.isEmpty else { return .sqlite(path: dataDir + "/relay.sqlite") }
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") { return .postgres(url: url) }
        if url.hasPrefix("sqlite://") { return .sqlite(path: String(url.dropFirst("sqlite://".count))) }
        if url.hasPrefix("sqlite:") { return .sqlite(path: String(url.dropFirst("sqlite:".count))) }
        throw ConfigurationError("database_url must start with postgres://, postgresql:// or sqlite:")
    }

    /// `sqlite` or `postgres`.
    package var kind: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres: "postgres"
        }
    }

    /// Safe to log: the PostgreSQL password is masked.
    package var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let url):
            guard let at = url.firstIndex(of: "@"), let scheme = url.range(of: "://"),
                let colon = url[scheme.upperBound..<at].firstIndex(of: ":")
            else { return url }
            return String(url[..<url.index(after: colon)]) + "***" + String(url[at...])
        }
    }
}
