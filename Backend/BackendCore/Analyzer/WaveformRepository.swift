import Foundation

/// The index of cached waveforms (their JSON lives in the blob store).
package protocol WaveformRepository: Sendable {
    func entry(key: String) async throws -> WaveformCacheEntry?
    /// Inserts or replaces by key.
    func save(_ entry: WaveformCacheEntry) async throws
    func list(orgId: UUID, limit: Int) async throws -> [WaveformCacheEntry]
    /// Removes the org's entries generated before `before` (all when nil) and returns them.
    func remove(orgId: UUID, before: Date?) async throws -> [WaveformCacheEntry]
}
