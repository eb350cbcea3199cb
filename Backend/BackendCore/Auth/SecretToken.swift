import Crypto
import Foundation
import RelayAPI

/// High-entropy secrets (enrollment keys, signing keys): generation and the hash that is stored.
package enum SecretToken {
    /// A random secret with `bytes` bytes of entropy, URL-safe base64 without padding, with a prefix
    /// that says what it is (e.g. `rk_` for enrollment keys) so leaked keys are recognisable.
    package static func generate(prefix: String, bytes: Int = 32) -> String {
        let random = (0..<bytes).map { _ in UInt8.random(in: .min ... .max) }
        return prefix + Base64URL.encode(Data(random))
    }

    /// The stored form: lowercase hex SHA-256. Enough for 256-bit random secrets (no dictionary to try).
    package static func hash(_ secret: String) -> String {
        hex(SHA256.hash(data: Data(secret.utf8)))
    }


    /// Lowercase hex of any byte sequence.
    package static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
