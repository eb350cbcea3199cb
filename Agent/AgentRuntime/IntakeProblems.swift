import Foundation
import Synchronization

/// Files intake could not take, with why (a tethering program that writes its files 0600 under another
/// user, an I/O error on a failing card): kept for `relay-agent status` and the heartbeat, not only the
/// log, so an operator sees that a frame is stuck before the car leaves the turntable. A file taken
/// later, or gone from its path, leaves the list.
package final class IntakeProblems: Sendable {
    /// One file that could not be taken.
    package struct Problem: Codable, Sendable, Equatable {
        package var path: String
        package var reason: String
        package var at: Date
    }

    private let problems = Mutex<[String: Problem]>([:])
    /// At most this many are kept (the newest); a folder of unreadable files must not grow without bound.
    let limit = 200

    package init() {}

    /// Records the failure; true when the file was not failing already (so the log says it once).
    @discardableResult
    func failed(path: String, reason: String, at date: Date = Date()) -> Bool {
        problems.withLock { problems in
            let known = problems[path]?.reason == reason
            problems[path] = Problem(path: path, reason: reason, at: known ? problems[path]?.at ?? date : date)
            if problems.count > limit, let oldest = problems.values.min(by: { $0.at < $1.at }) { problems[oldest.path] = nil }
            return !known
        }
    }

    func taken(path: String) {
        problems.withLock { _ = $0.removeValue(forKey: path) }
    }

    /// The files still failing, newest first; files no longer at their path are dropped.
    package func current() -> [Problem] {
        let snapshot = problems.withLock { Array($0.values) }
        let gone = snapshot.filter { !FileManager.default.fileExists(atPath: $0.path) }.map(\.path)
        if !gone.isEmpty { problems.withLock { problems in gone.forEach { problems[$0] = nil } } }
        return snapshot.filter { !gone.contains($0.path) }.sorted { ($0.at, $0.path) > ($1.at, $1.path) }
    }
}
