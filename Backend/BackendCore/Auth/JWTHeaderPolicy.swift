import Foundation
import JWTKit
import RelayAPI

/// Checks a compact JWS's header before any key is touched: the algorithm must be one of `allowed`
/// (never `none`, never an HMAC algorithm when only asymmetric keys exist, so no HS/RS confusion) and a
/// `kid` must name a known key. This is what "algorithm pinned" means here.
package struct JWTHeaderPolicy: Sendable {
    package let allowed: Set<String>

    package init(allowed: Set<String>) {
        self.allowed = allowed
    }

    /// The header's `alg` and `kid`.
    package struct Header: Sendable, Equatable {
        package var alg: String
        package var kid: String
    }

    /// Parses and checks the header; throws `AppError` 401 `TOKEN_INVALID` with a precise message.
    package func check(_ token: String) throws -> Header {
        let (alg, kid) = try checkAlgorithm(token)
        guard let kid else { throw Self.invalid("token has no key id") }
        return Header(alg: alg, kid: kid)
    }

    /// As `check`, for tokens whose `kid` may be left out: an identity provider that publishes a single
    /// key need not name it (OpenID Connect Core §10.1). The caller decides what a missing `kid` means.
    package func checkAlgorithm(_ token: String) throws -> (alg: String, kid: String?) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[2].isEmpty else { throw Self.invalid("token is not a signed JWT") }
        guard let data = Base64URL.decode(String(parts[0])),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let alg = object["alg"] as? String
        else { throw Self.invalid("token header is malformed") }
        guard allowed.contains(alg) else { throw Self.invalid("token algorithm \(alg) is not accepted") }
        guard let kid = object["kid"] else { return (alg, nil) }
        guard let text = kid as? String, !text.isEmpty else { throw Self.invalid("token key id is malformed") }
        return (alg, text)
    }

    static func invalid(_ message: String) -> AppError {
        AppError(status: 401, code: APIErrorCode.tokenInvalid, message: message, headers: ["WWW-Authenticate": "Bearer error=\"invalid_token\""])
    }
}
