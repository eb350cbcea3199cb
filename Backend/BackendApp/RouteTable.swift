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
    ///
    /// When several templates match, only the most specific count, as the router itself prefers them: a
    /// literal segment beats a parameter, earliest segment first (`/v1/analysis/sync` is `POST` only, not
    /// also the `GET`/`DELETE` of `/v1/analysis/:analysisId`).
    package func methods(forPath path: String) -> [String] {
        let segments = path.split(separator: "/")
        return routes.withLock { routes in
            let matching = routes.filter { Self.matches($0.segments, segments) }
            guard let best = matching.map({ Self.specificity($0.segments) }).max(by: { $0.lexicographicallyPrecedes($1) }) else { return [] }
            return Set(matching.filter { Self.specificity($0.segments) == best }.map(\.method)).sorted()
        }
    }

    /// Per segment: 1 for a literal, 0 for a parameter or wildcard.
    static func specificity(_ template: [Substring]) -> [Int] {
        template.map { $0 == "*" || $0 == "**" || $0.hasPrefix(":") || $0.hasPrefix("{") ? 0 : 1 }
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
