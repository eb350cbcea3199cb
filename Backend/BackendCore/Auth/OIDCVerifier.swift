import AsyncHTTPClient
import Foundation
import JWTKit
import Logging
import NIOCore
import RelayAPI

/// Verifies OIDC id_tokens: signature against the provider's JWKS (fetched over HTTP or read from a file,
/// cached 10 minutes, re-fetched when a token names an unknown `kid` — at most every 30 s), an
/// asymmetric algorithm only, `iss`, `aud`, `exp`, `nbf`/`iat` with 30 s leeway.
package actor OIDCVerifier {
    package let configuration: OIDCConfiguration
    private let httpClient: HTTPClient
    private let logger: Logger
    private var keys = JWTKeyCollection()
    private var kids: Set<String> = []
    private var fetchedAt: ContinuousClock.Instant?
    private let policy = JWTHeaderPolicy(allowed: ["RS256", "RS384", "RS512", "ES256", "ES384", "EdDSA"])

    package init(configuration: OIDCConfiguration, httpClient: HTTPClient, logger: Logger) {
        self.configuration = configuration
        self.httpClient = httpClient
        self.logger = logger
    }

    /// The claims Relay reads from an id_token.
    package struct Claims: JWTPayload {
        package var iss: IssuerClaim
        package var aud: AudienceClaim
        package var sub: SubjectClaim
        package var exp: ExpirationClaim
        package var iat: IssuedAtClaim?
        package var nbf: NotBeforeClaim?
        package var email: String?
        /// `email_verified`: whether the provider verified `email`. Some providers send it as the string
        /// `"true"`/`"false"`; both forms are read. `nil` when the claim is missing or neither.
        package var emailVerified: Bool?
        /// `nonce`: the value of the authorization request that led to this token (code flow only).
        package var nonce: String?

        enum CodingKeys: String, CodingKey {
            case iss, aud, sub, exp, iat, nbf, email, nonce
            case emailVerified = "email_verified"
        }

        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            iss = try container.decode(IssuerClaim.self, forKey: .iss)
            aud = try container.decode(AudienceClaim.self, forKey: .aud)
            sub = try container.decode(SubjectClaim.self, forKey: .sub)
            exp = try container.decode(ExpirationClaim.self, forKey: .exp)
            iat = try container.decodeIfPresent(IssuedAtClaim.self, forKey: .iat)
            nbf = try container.decodeIfPresent(NotBeforeClaim.self, forKey: .nbf)
            email = try container.decodeIfPresent(String.self, forKey: .email)
            nonce = try? container.decodeIfPresent(String.self, forKey: .nonce)
            if let flag = try? container.decodeIfPresent(Bool.self, forKey: .emailVerified) {
                emailVerified = flag
            } else if let text = try? container.decodeIfPresent(String.self, forKey: .emailVerified) {
                emailVerified = ["true": true, "false": false][text.lowercased()]
            }
        }

        package func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    /// Verifies `token`; returns its claims. Throws `AppError` 401 (`TOKEN_INVALID`, `TOKEN_EXPIRED`) or
    /// 503 when the provider's keys cannot be had.
    package func verify(_ token: String, now: Date = Date()) async throws -> Claims {
        let header = try policy.checkAlgorithm(token)
        let stale = fetchedAt.map { ContinuousClock.now - $0 > .seconds(600) } ?? true
        let mayRefetch = fetchedAt.map { ContinuousClock.now - $0 > .seconds(30) } ?? true
        if stale || (!kids.contains(header.kid ?? "") && mayRefetch) {
            try await loadKeys()
        }
        if let kid = header.kid {
            guard kids.contains(kid) else { throw JWTHeaderPolicy.invalid("id_token key id is unknown to the identity provider") }
        } else {
            // No `kid`: allowed only while the provider publishes a single key (OIDC Core §10.1), which the
            // key collection then uses.
            guard kids.count == 1 else {
                throw JWTHeaderPolicy.invalid("id_token names no key id and the identity provider publishes several keys")
            }
        }
        let claims: Claims
        do {
            claims = try await keys.verify(token, as: Claims.self)
        } catch {
            throw JWTHeaderPolicy.invalid("id_token signature or payload is invalid")
        }
        guard claims.iss.value == configuration.issuer else { throw JWTHeaderPolicy.invalid("id_token issuer is not accepted") }
        guard claims.aud.value.contains(configuration.audience) else { throw JWTHeaderPolicy.invalid("id_token audience is not accepted") }
        guard claims.exp.value.timeIntervalSince(now) > -TokenService.leeway else {
            throw AppError(status: 401, code: APIErrorCode.tokenExpired, message: "id_token has expired")
        }
        if let nbf = claims.nbf, nbf.value.timeIntervalSince(now) > TokenService.leeway {
            throw JWTHeaderPolicy.invalid("id_token is not valid yet")
        }
        if let iat = claims.iat, iat.value.timeIntervalSince(now) > TokenService.leeway {
            throw JWTHeaderPolicy.invalid("id_token is issued in the future")
        }
        return claims
    }

    private func loadKeys() async throws {
        let json: String
        do {
            if let path = configuration.jwksFile {
                json = try String(contentsOfFile: path, encoding: .utf8)
            } else if let url = configuration.jwksURL {
                let response = try await httpClient.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
                guard response.status == .ok else { throw AppError.unavailable("JWKS answered \(response.status.code)") }
                json = String(buffer: try await response.body.collect(upTo: 1 << 20))
            } else {
                throw AppError.unavailable("no JWKS configured")
            }
            let jwks = try JSONDecoder().decode(JWKS.self, from: Data(json.utf8))
            let collection = JWTKeyCollection()
            var found: Set<String> = []
            for key in jwks.keys {
                guard let kid = key.keyIdentifier else { continue }
                if (try? await collection.add(jwk: key)) != nil { found.insert(kid.string) }
            }
            keys = collection
            kids = found
            fetchedAt = .now
        } catch {
            logger.warning("identity provider keys unavailable", metadata: ["error": "\(error)"])
            if kids.isEmpty { throw AppError.unavailable("identity provider keys are unavailable") }
        }
    }
}
