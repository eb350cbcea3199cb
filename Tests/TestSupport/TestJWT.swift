import Crypto
import Foundation
import RelayAPI
import _CryptoExtras

/// Builds compact JWS tokens by hand, so tests can make every kind of bad token a client could send
/// (`alg: none`, HMAC with a public key, tampered payloads) without going through a JWT library.
package enum TestJWT {
    package static func base64URL(_ data: Data) -> String { Base64URL.encode(data) }

    static func json(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }

    /// `header.payload` as sent for signing.
    package static func signingInput(header: [String: Any], payload: [String: Any]) -> String {
        base64URL(json(header)) + "." + base64URL(json(payload))
    }

    /// ES256 with `key`.
    package static func es256(header: [String: Any], payload: [String: Any], key: P256.Signing.PrivateKey) throws -> String {
        var header = header
        header["alg"] = header["alg"] ?? "ES256"
        let input = signingInput(header: header, payload: payload)
        let signature = try key.signature(for: Data(input.utf8))
        return input + "." + base64URL(signature.rawRepresentation)
    }

    /// RS256 with `key`.
    package static func rs256(header: [String: Any], payload: [String: Any], key: _RSA.Signing.PrivateKey) throws -> String {
        var header = header
        header["alg"] = "RS256"
        let input = signingInput(header: header, payload: payload)
        let signature = try key.signature(for: SHA256.hash(data: Data(input.utf8)), padding: .insecurePKCS1v1_5)
        return input + "." + base64URL(signature.rawRepresentation)
    }

    /// HS256 with an arbitrary secret (the classic "sign with the public key" confusion attack).
    package static func hs256(header: [String: Any], payload: [String: Any], secret: Data) -> String {
        var header = header
        header["alg"] = "HS256"
        let input = signingInput(header: header, payload: payload)
        let mac = HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: SymmetricKey(data: secret))
        return input + "." + base64URL(Data(mac))
    }

    /// `alg: none` with an empty signature.
    package static func unsigned(header: [String: Any], payload: [String: Any]) -> String {
        var header = header
        header["alg"] = "none"
        return signingInput(header: header, payload: payload) + "."
    }

    /// Replaces the payload of a signed token, keeping its header and signature.
    package static func tamper(_ token: String, payload: [String: Any]) -> String {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        return parts[0] + "." + base64URL(json(payload)) + "." + parts[2]
    }

    /// The decoded payload of a token.
    package static func payload(_ token: String) -> [String: Any] {
        guard let data = Base64URL.decode(String(token.split(separator: ".")[1])) else { return [:] }
        return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }
}
