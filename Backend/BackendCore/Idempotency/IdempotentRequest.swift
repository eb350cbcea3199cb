import Crypto
import Foundation
import RelayAPI

/// An `Idempotency-Key` with who sent it and what it asked for (as the IETF Idempotency-Key draft and
/// Stripe treat keys): the key is unique per actor within one route's table, and the request's
/// fingerprint — SHA-256 of the route and the canonical JSON of the decoded body — is stored beside it.
/// A retry with the same key and the same request gets the first answer; the same key with a different
/// request is 422 `IDEMPOTENCY_KEY_REUSED`; another actor's key is simply another key.
package struct IdempotentRequest: Sendable, Equatable {
    package let key: String
    /// The device or user that sent it.
    package let actor: UUID
    /// Lowercase hex SHA-256 of `route` and the body.
    package let fingerprint: String

    /// nil when no key was sent; 400 `VALIDATION_ERROR` for a malformed key.
    package init?(key: String?, actor: UUID, route: String, body: some Encodable) throws {
        guard let key else { return nil }
        guard (1...128).contains(key.utf8.count), key.utf8.allSatisfy(Self.isKeyByte) else {
            throw AppError.validation("Idempotency-Key must be 1–128 characters of A–Z a–z 0–9 . _ : -", field: "Idempotency-Key")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var hasher = SHA256()
        hasher.update(data: Data((route + "\n").utf8))
        hasher.update(data: try encoder.encode(body))
        self.key = key
        self.actor = actor
        self.fingerprint = hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Accepts the stored request under this key as a replay of this one, or throws 422. Rows stored
    /// before fingerprints were kept (nil) are taken as replays.
    package func checkReplay(of storedFingerprint: String?) throws {
        guard let storedFingerprint, storedFingerprint != fingerprint else { return }
        throw AppError(
            status: 422, code: APIErrorCode.idempotencyKeyReused,
            message: "Idempotency-Key \(key) was already used with a different request",
            details: ["field": .string("Idempotency-Key")])
    }

    /// `[A-Za-z0-9._:-]`.
    package static func isKeyByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || [UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "-")].contains(byte)
    }
}
