import Foundation

/// The seed 002 UI's batch queue, kept per org in the database (the seed's Redis role) so every API
/// process and browser sees the same one. Saves are versioned for optimistic concurrency.
package protocol AnalyzerQueueRepository: Sendable {
    /// The org's queue: its items (a JSON array as text), version (0 when never saved), last saver, time.
    func queue(orgId: UUID) async throws -> (items: String, version: Int, clientId: String?, updatedAt: Date?)
    /// Saves `items` as version `current + 1`. With `expectedVersion`, only if the stored version is that
    /// (`nil` back on a conflict); without, unconditionally (last write wins, as the seed's UI expects).
    func save(orgId: UUID, items: String, clientId: String?, expectedVersion: Int?, now: Date) async throws -> Int?
}
