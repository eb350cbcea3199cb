import Crypto
import Foundation
import JWTKit
import Logging
import RelayAPI

/// Issues and verifies Relay's access tokens (ES256 JWTs with a `kid`) and publishes the public keys.
///
/// Keys live in the database (`SigningKeyRepository`): the first process to start generates one; a
/// rotation (`relay-backend admin rotate-signing-key`) adds a new one and retires the old, which keeps
/// verifying until the longest token it could have signed (30 days) has expired. A token naming an unknown
/// `kid` makes the service reload keys (at most every 10 s), so other processes pick up a rotation.
/// A key given in configuration (`jwt_signing_key`, PEM) is used instead of generating one.
package actor TokenService {
    package let issuer: String
    package let audience: String
    /// Tolerated clock difference for `exp`/`nbf`/`iat`.
    package static let leeway: TimeInterval = 30
    /// Longest lifetime of any token Relay signs (device tokens), which bounds how long retired keys verify.
    package static let longestLifetime: TimeInterval = 30 * 86_400

    private let repository: any SigningKeyRepository
    private let configuredKeyPEM: String?
    private var keys = JWTKeyCollection()
    private var knownKids: Set<String> = []
    private var activeKid: String?
    private var publicJWKs: [[String: String]] = []
    private var lastLoad: ContinuousClock.Instant?
    private let policy = JWTHeaderPolicy(allowed: ["ES256"])
    private var verified = VerifiedTokenCache()

    package init(issuer: String, audience: String = "relay", repository: any SigningKeyRepository, configuredKeyPEM: String?) {
        self.issuer = issuer
        self.audience = audience
        self.repository = repository
        self.configuredKeyPEM = configuredKeyPEM
    }

    /// Loads keys, generating and storing the first one if there is none.
    package func start() async throws {
        if let configuredKeyPEM {
            let key = try ES256PrivateKey(pem: configuredKeyPEM)
            let kid = Self.kid(for: key)
            try await repository.insertSigningKey(
                SigningKeyRecord(kid: kid, algorithm: "ES256", privateKeyPEM: configuredKeyPEM, createdAt: Date(), retiredAt: nil))
            try await repository.retireSigningKeys(except: kid, at: Date())
        } else if try await repository.signingKeys().allSatisfy({ $0.retiredAt != nil }) {
            _ = try await rotate()
            return
        }
        try await reload()
    }

    /// Generates a new key, makes it the signing key and retires the others. Returns its `kid`.
    @discardableResult
    package func rotate() async throws -> String {
        let key = ES256PrivateKey()
        let kid = Self.kid(for: key)
        try await repository.insertSigningKey(
            SigningKeyRecord(kid: kid, algorithm: "ES256", privateKeyPEM: key.pemRepresentation, createdAt: Date(), retiredAt: nil))
        try await repository.retireSigningKeys(except: kid, at: Date())
        try await reload()
        return kid
    }

    /// Re-reads keys from the repository.
    package func reload() async throws {
        let records = try await repository.signingKeys()
        let horizon = Date().addingTimeInterval(-(Self.longestLifetime + Self.leeway))
        let usable = records.filter { ($0.retiredAt ?? .distantFuture) > horizon && $0.algorithm == "ES256" }
        let collection = JWTKeyCollection()
        var jwks: [[String: String]] = []
        var kids: Set<String> = []
        for record in usable {
            let key = try ES256PrivateKey(pem: record.privateKeyPEM)
            await collection.add(ecdsa: key, kid: JWKIdentifier(string: record.kid))
            kids.insert(record.kid)
            if let parameters = key.publicKey.parameters {
                jwks.append(["kty": "EC", "crv": "P-256", "x": parameters.x, "y": parameters.y, "kid": record.kid, "alg": "ES256", "use": "sig"])
            }
        }
        keys = collection
        knownKids = kids
        verified.forgetKeys(except: kids)
        publicJWKs = jwks
        activeKid = records.first { $0.retiredAt == nil }?.kid
        lastLoad = .now
    }

    /// Signs claims with the active key.
    package func sign(_ claims: AccessTokenClaims) async throws -> String {
        guard let activeKid else { throw AppError.unavailable("no active signing key") }
        return try await keys.sign(claims, kid: JWKIdentifier(string: activeKid))
    }

    /// A new access token for `identity`, valid `lifetime` seconds.
    package func issue(subject: UUID, orgId: UUID, role: Identity.Role, siteIds: [UUID], lifetime: TimeInterval) async throws -> String {
        let claims = AccessTokenClaims(
            issuer: issuer, audience: audience, subject: subject, orgId: orgId, role: role,
            siteIds: role == .device ? nil : siteIds, siteId: role == .device ? siteIds.first : nil, issuedAt: Date(),
            lifetime: lifetime)
        return try await sign(claims)
    }

    /// Verifies signature (ES256, known `kid`), issuer, audience, type and times; returns the identity.
    /// - Throws: `AppError` 401 `TOKEN_INVALID` or `TOKEN_EXPIRED`.
    package func verify(_ token: String, now: Date = Date()) async throws -> Identity {
        if let identity = verified.identity(for: token, now: now, leeway: Self.leeway) { return identity }
        let (claims, kid) = try await signed(token, as: AccessTokenClaims.self)
        guard claims.iss.value == issuer else { throw JWTHeaderPolicy.invalid("token issuer is not this server") }
        guard claims.aud.value.contains(audience) else { throw JWTHeaderPolicy.invalid("token audience is not \(audience)") }
        guard claims.typ == "access" else { throw JWTHeaderPolicy.invalid("not an access token") }
        try Self.checkTimes(expires: claims.exp.value, notBefore: claims.nbf.value, issued: claims.iat.value, now: now)
        guard let identity = claims.identity else { throw JWTHeaderPolicy.invalid("token claims are malformed") }
        verified.insert(token, .init(identity: identity, expiresAt: claims.exp.value, kid: kid), now: now)
        return identity
    }

    /// A playback token for one video (`PlaybackClaims`), valid `lifetime` seconds.
    package func issuePlayback(for identity: Identity, videoId: UUID, lifetime: TimeInterval, now: Date = Date()) async throws -> (token: String, expiresAt: Date) {
        guard let activeKid else { throw AppError.unavailable("no active signing key") }
        let claims = PlaybackClaims(issuer: issuer, audience: audience, identity: identity, videoId: videoId, issuedAt: now, lifetime: lifetime)
        return (try await keys.sign(claims, kid: JWKIdentifier(string: activeKid)), claims.exp.value)
    }

    /// Verifies a playback token as `verify` does an access token; returns whom it was issued to and its video.
    /// - Throws: `AppError` 401 `TOKEN_INVALID` or `TOKEN_EXPIRED`.
    package func verifyPlayback(_ token: String, now: Date = Date()) async throws -> (identity: Identity, videoId: UUID) {
        let (claims, _) = try await signed(token, as: PlaybackClaims.self)
        guard claims.iss.value == issuer, claims.aud.value.contains(audience) else {
            throw JWTHeaderPolicy.invalid("token was not issued by this server")
        }
        guard claims.typ == PlaybackClaims.type else { throw JWTHeaderPolicy.invalid("not a playback token") }
        try Self.checkTimes(expires: claims.exp.value, notBefore: claims.iat.value, issued: claims.iat.value, now: now)
        guard let grant = claims.grant else { throw JWTHeaderPolicy.invalid("token claims are malformed") }
        return grant
    }

    /// A signed `OIDCStateClaims` for one browser's sign-in (10 minutes to finish it at the provider).
    package func issueOIDCState(state: String, nonce: String, verifier: String, now: Date = Date()) async throws -> String {
        guard let activeKid else { throw AppError.unavailable("no active signing key") }
        let claims = OIDCStateClaims(issuer: issuer, state: state, nonce: nonce, verifier: verifier, now: now, lifetime: 600)
        return try await keys.sign(claims, kid: JWKIdentifier(string: activeKid))
    }

    /// The sign-in a state cookie holds, if this server signed it and it has not expired.
    /// - Throws: `AppError` 401 `TOKEN_INVALID` or `TOKEN_EXPIRED`.
    package func verifyOIDCState(_ token: String, now: Date = Date()) async throws -> OIDCStateClaims {
        let (claims, _) = try await signed(token, as: OIDCStateClaims.self)
        guard claims.iss.value == issuer, claims.typ == OIDCStateClaims.type else { throw JWTHeaderPolicy.invalid("not a sign-in state") }
        try Self.checkTimes(expires: claims.exp.value, notBefore: .distantPast, issued: .distantPast, now: now)
        return claims
    }

    /// The claims of a token signed by one of our keys (algorithm pinned, known `kid`; an unknown `kid`
    /// reloads the keys at most every 10 s), and that `kid`. Claims are not checked here.
    private func signed<Claims: JWTPayload>(_ token: String, as type: Claims.Type) async throws -> (Claims, String) {
        let header = try policy.check(token)
        if !knownKids.contains(header.kid), (lastLoad.map { ContinuousClock.now - $0 > .seconds(10) } ?? true) {
            try? await reload()
        }
        guard knownKids.contains(header.kid) else { throw JWTHeaderPolicy.invalid("token key id is unknown") }
        do {
            return (try await keys.verify(token, as: Claims.self), header.kid)
        } catch {
            throw JWTHeaderPolicy.invalid("token signature or payload is invalid")
        }
    }

    /// `exp`, `nbf` and `iat` against `now`, with `leeway`.
    private static func checkTimes(expires: Date, notBefore: Date, issued: Date, now: Date) throws {
        guard expires.timeIntervalSince(now) > -leeway else {
            throw AppError(status: 401, code: APIErrorCode.tokenExpired, message: "token has expired", headers: ["WWW-Authenticate": "Bearer error=\"invalid_token\""])
        }
        guard notBefore.timeIntervalSince(now) <= leeway, issued.timeIntervalSince(now) <= leeway else {
            throw JWTHeaderPolicy.invalid("token is not valid yet")
        }
    }

    /// The public keys as a JWKS document (`{"keys":[…]}`).
    package func jwks() -> [[String: String]] { publicJWKs }

    /// A stable key id: the first 16 hex digits of the SHA-256 of the public key.
    static func kid(for key: ES256PrivateKey) -> String {
        let material = key.publicKey.parameters.map { $0.x + "." + $0.y } ?? key.publicKey.pemRepresentation
        return String(SecretToken.hex(SHA256.hash(data: Data(material.utf8))).prefix(16))
    }
}
