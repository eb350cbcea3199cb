import FluentKit
import FluentPostgresDriver

/// Whether an error says the database could not be reached — PostgreSQL restarting, shutting down, out
/// of connections, a connection cut, no pooled connection in time — rather than that the request was
/// wrong. Such a request is answered 503 with `Retry-After` (a client retries it), not 500.
package enum DatabaseOutage {
    package static func matches(_ error: any Error) -> Bool {
        switch error {
        case let error as PSQLError:
            switch error.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
                return true
            case .server:
                // 57P: operator intervention (shutdown, restart, cannot connect now); 08: connection
                // exception; 53: insufficient resources (too many connections).
                let state = error.serverInfo?[.sqlState] ?? ""
                return state.hasPrefix("57P") || state.hasPrefix("08") || state.hasPrefix("53")
            default:
                return false
            }
        case is ConnectionPoolTimeoutError, is ConnectionPoolError:
            return true
        case let error as any DatabaseError:
            return error.isConnectionClosed
        default:
            return false
        }
    }

    /// What to log of such an error: its kind and SQLSTATE, never query text or bound values.
    package static func summary(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            return "PSQLError \(error.code) sqlstate=\(error.serverInfo?[.sqlState] ?? "-") \(error.serverInfo?[.message] ?? "")"
        }
        return String(describing: type(of: error))
    }
}
