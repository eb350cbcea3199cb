import HTTPTypes
import Synchronization

/// Every registered route (method + path template), known once the router is built.
///
/// Hummingbird answers 404 for a known path with the wrong method; the error middleware asks this table
/// which methods the path does have, to answer 405 with `Allow` instead.
package final class RouteTable: Sendable {
    private let routes = Mutex<[(method: String, segments: [Substring])]>([])

    package init() {}

    /// Replaces the table (called once after all routes are added).
    package func set(_ entries: [(method: String, path: String)]) {
        routes.withLock { routes in
            routes = entries.map { ($0.method, $0.path.split(separator: "/")) }
        }
    }

    /// Methods registered for a concrete request path, sorted; empty when no route matches the path.
    package func methods(forPath path: String) -> [String] {
        let segments = path.split(separator: "/")
        return routes.withLock { routes in
            Set(routes.filter { Self.matches($0.segments, segments) }.map(\.method)).sorted()
        }
    }

    static func matches(_ template: [Substring], _ path: [Substring]) -> Bool {
        var index = 0
        for (position, part) in template.enumerated() {
            if part == "**" { return path.count > position }
            guard index < path.count else { return false }
            if !(part == "*" || part.hasPrefix(":") || part.hasPrefix("{") || part == path[index]) { return false }
            index += 1
        }
        return index == path.count
    }
}
