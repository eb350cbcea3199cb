import Crypto
import Foundation
import RelayAPI

/// Creates, lists, revokes and verifies org API keys. A key is `rk_api_<id hex>_<secret>`; only the
/// secret's SHA-256 is stored and compared in constant time. Verified on every request (one primary-key
/// read), so a revocation takes effect at once in every process.
package struct APIKeyService: Sendable {
    package let repository: any APIKeyRepository

    package init(repository: any APIKeyRepository) {
        self.repository = repository
    }

    /// A new key for `orgId`; the full key is returned once and never again.
    package func create(orgId: UUID, createdBy: UUID, name: String, role: String?, expiresInDays: Double?, now: Date = Date()) async throws
        -> (APIKeyRecord, key: String)
    {
        let name = name.trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(name.utf8.count) else { throw AppError.validation("name must be 1–100 bytes", field: "name") }
        let role = role ?? "reviewer"
        guard let parsed = Identity.Role(rawValue: role), parsed == .operator_ || parsed == .reviewer else {
            throw AppError.validation("role must be operator or reviewer (a key never administers)", field: "role")
        }
        if let days = expiresInDays, !(days > 0 && days <= 3650) {
            throw AppError.validation("expires_in_days must be above 0 and at most 3650", field: "expires_in_days")
        }
        let id = UUID()
        let secret = SecretToken.generate(prefix: "")
        let key = APIKeyRecord.marker + id.uuidString.lowercased().replacingOccurrences(of: "-", with: "") + "_" + secret
        let record = APIKeyRecord(
            id: id, orgId: orgId, name: name, role: parsed, prefix: String(key.dropFirst(APIKeyRecord.marker.count).prefix(8)),
            secretHash: SecretToken.hash(secret), createdBy: createdBy, createdAt: now, expiresAt: expiresInDays.map { now.addingTimeInterval($0 * 86_400) },
            revokedAt: nil, lastUsedAt: nil)
        try await repository.insert(record)
        return (record, key)
    }

    /// The identity of a key, or 401 `TOKEN_INVALID` / `TOKEN_EXPIRED` (the same answer for a malformed,
    /// unknown, wrong or revoked key).
    package func identity(bearer token: String, now: Date = Date()) async throws -> Identity {
        let invalid = AppError(status: 401, code: APIErrorCode.tokenInvalid, message: "the API key is not valid", headers: ["WWW-Authenticate": "Bearer"])
        let rest = token.dropFirst(APIKeyRecord.marker.count)
        guard token.hasPrefix(APIKeyRecord.marker), token.utf8.count <= 200, let separator = rest.firstIndex(of: "_") else { throw invalid }
        let idHex = rest[..<separator], secret = rest[rest.index(after: separator)...]
        guard idHex.count == 32, let id = UUID(uuidString: Self.dashed(String(idHex))), !secret.isEmpty,
            let record = try await repository.key(id: id)
        else { throw invalid }
        guard Self.constantTimeEqual(SecretToken.hash(String(secret)), record.secretHash), record.revokedAt == nil else { throw invalid }
        if let expires = record.expiresAt, expires <= now {
            throw AppError(status: 401, code: APIErrorCode.tokenExpired, message: "the API key has expired", headers: ["WWW-Authenticate": "Bearer"])
        }
        if record.lastUsedAt.map({ now.timeIntervalSince($0) >= 60 }) ?? true { try? await repository.touch(id: id, at: now) }
        return Identity(
            subject: record.id, orgId: record.orgId, role: record.role, siteIds: [], tokenId: APIKeyRecord.tokenId(record.id),
            expiresAt: record.expiresAt ?? now.addingTimeInterval(365 * 86_400))
    }

    /// Whether the key behind an API-key identity is still live (open WebSockets re-check).
    package func confirm(_ identity: Identity, now: Date = Date()) async throws -> Identity {
        guard let record = try await repository.key(id: identity.subject), record.orgId == identity.orgId, record.revokedAt == nil,
            record.expiresAt.map({ $0 > now }) ?? true
        else {
            throw AppError(status: 401, code: APIErrorCode.tokenInvalid, message: "the API key is not valid", headers: ["WWW-Authenticate": "Bearer"])
        }
        return identity
    }

    static func dashed(_ hex: String) -> String {
        let c = Array(hex)
        guard c.count == 32 else { return hex }
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-" + String(c[16..<20]) + "-" + String(c[20..<32])
    }

    package static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}
