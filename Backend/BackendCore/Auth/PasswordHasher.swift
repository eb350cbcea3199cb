import Crypto
import Foundation
import RelayConcurrency
import _CryptoExtras

/// Hashes and verifies user passwords with scrypt.
///
/// Stored form: `scrypt$N$r$p$salt_b64$hash_b64`, so parameters can be raised later without breaking
/// existing hashes. Hashing is CPU-heavy by design (tens of milliseconds each): it runs on a pool of its
/// own threads (`Placement.pool`), so a burst of logins never holds the cooperative threads that answer
/// every other request.
package struct PasswordHasher: Sendable {
    /// Where the hashing runs.
    package enum Placement: Sendable {
        /// On `pool`'s threads, outside the cooperative pool.
        case pool(OffCooperativePool)
        /// On a detached task — which runs on the cooperative threads: the behaviour before the pool, kept
        /// only so `Benchmarks/login-burst.sh` can measure what the pool buys. Never the default.
        case detachedTask
    }

    /// The pool every hasher shares by default: one lane per processor (each hash takes one core and 32 MiB).
    package static let sharedPool = OffCooperativePool(label: "relay.scrypt", width: OffCooperativePool.processorCount)

    /// log2 of the scrypt cost N.
    package var logN: Int
    package var blockSize: Int
    package var parallelism: Int
    package var placement: Placement

    /// Defaults: N = 2^15, r = 8, p = 1 (32 MiB, ~50–100 ms here) — OWASP's scrypt baseline.
    package init(logN: Int = 15, blockSize: Int = 8, parallelism: Int = 1, placement: Placement = .pool(sharedPool)) {
        self.logN = logN
        self.blockSize = blockSize
        self.parallelism = parallelism
        self.placement = placement
    }

    /// Shortest and longest password accepted.
    package static let lengthRange = 8...256

    /// Hashes `password` with a fresh random salt.
    package func hash(_ password: String) async throws -> String {
        guard Self.lengthRange.contains(password.unicodeScalars.count) else {
            throw AppError.validation(
                "password must be \(Self.lengthRange.lowerBound)–\(Self.lengthRange.upperBound) characters", field: "password")
        }
        let salt = (0..<16).map { _ in UInt8.random(in: .min ... .max) }
        let (n, r, p) = (1 << logN, blockSize, parallelism)
        let derived = try await run { try Self.derive(password, salt: salt, n: n, r: r, p: p) }
        return "scrypt$\(n)$\(r)$\(p)$\(Data(salt).base64EncodedString())$\(derived.base64EncodedString())"
    }

    /// True when `password` matches `stored`; false for any malformed stored value.
    package func verify(_ password: String, against stored: String) async -> Bool {
        let parts = stored.split(separator: "$").map(String.init)
        guard parts.count == 6, parts[0] == "scrypt",
            let n = Int(parts[1]), let r = Int(parts[2]), let p = Int(parts[3]),
            n > 1, n <= 1 << 20, r > 0, r <= 32, p > 0, p <= 16,
            let salt = Data(base64Encoded: parts[4]), let expected = Data(base64Encoded: parts[5])
        else { return false }
        let derived = try? await run { try Self.derive(password, salt: [UInt8](salt), n: n, r: r, p: p) }
        guard let derived, derived.count == expected.count else { return false }
        // Constant-time comparison: no early exit on the first differing byte.
        return zip(derived, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private func run(_ derive: @escaping @Sendable () throws -> Data) async throws -> Data {
        switch placement {
        case .pool(let pool): try await pool.run { _ in try derive() }
        case .detachedTask: try await Task.detached { try derive() }.value
        }
    }

    private static func derive(_ password: String, salt: [UInt8], n: Int, r: Int, p: Int) throws -> Data {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: 32, rounds: n, blockSize: r, parallelism: p,
            maxMemory: 256 * 1024 * 1024)
        return key.withUnsafeBytes { Data($0) }
    }
}
