import Foundation

/// Persistence of org API keys.
package protocol APIKeyRepository: Sendable {
    func insert(_ key: APIKeyRecord) async throws
    func key(id: UUID) async throws -> APIKeyRecord?
    func keys(orgId: UUID) async throws -> [APIKeyRecord]
    /// Sets `revoked_at` if not yet revoked; false when there is no such live key in the org.
    func revoke(id: UUID, orgId: UUID, at: Date) async throws -> Bool
    /// Records use, at most once a minute per key.
    func touch(id: UUID, at: Date) async throws
}
