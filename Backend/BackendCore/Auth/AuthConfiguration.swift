import Foundation

/// Identity settings. Keys: `jwt_signing_key` (PEM, optional), `registration_org_id`, `oidc_*` (see
/// `OIDCConfiguration`), `websocket_auth_recheck_seconds`, `auth_subject_cache_seconds`. Token lifetimes follow seed 001: devices 30
/// days, users 8 hours; refresh tokens last 30 days.
package struct AuthConfiguration: Sendable {
    package var deviceTokenLifetime: TimeInterval = 30 * 86_400
    package var userTokenLifetime: TimeInterval = 8 * 3_600
    package var refreshTokenLifetime: TimeInterval = 30 * 86_400
    /// How far a device's refresh proof may be from the server clock.
    package var proofWindow: TimeInterval = 300
    /// ES256 private key in PEM; generated and kept in the database when unset.
    package var signingKeyPEM: String?
    /// When set, `POST /v1/auth/register` creates operators in this org; otherwise registration is off.
    package var registrationOrgId: UUID?
    package var oidc: OIDCConfiguration?
    /// How often an open WebSocket checks that its device or user still exists and is not revoked (its
    /// token's expiry closes it on time regardless). Key `websocket_auth_recheck_seconds`, default 30.
    package var webSocketRecheckInterval: Duration = .seconds(30)
    /// How long a device or user read to confirm a token may be reused for later requests
    /// (`ConfirmedSubjectCache`). Key `auth_subject_cache_seconds`, default 2, 0 reads every time.
    package var subjectCacheLifetime: Duration = .seconds(2)
    /// A device not heard from (sign-in, token refresh, heartbeat) for this long is `stale` in
    /// `GET /v1/admin/devices`. Key `device_stale_seconds`, default 900 (three of the agent's 5-minute
    /// heartbeats).
    package var deviceStaleAfter: TimeInterval = 900

    package init() {}

    package init(_ source: ConfigurationSource) throws {
        if let pemFile = source.string("jwt_signing_key_file") {
            guard let pem = try? String(contentsOfFile: pemFile, encoding: .utf8) else {
                throw ConfigurationError("jwt_signing_key_file \(pemFile) cannot be read")
            }
            signingKeyPEM = pem
        } else {
            signingKeyPEM = source.string("jwt_signing_key")
        }
        if let text = source.string("registration_org_id") {
            guard let id = UUID(uuidString: text) else { throw ConfigurationError("registration_org_id must be a UUID") }
            registrationOrgId = id
        }
        if let issuer = source.string("oidc_issuer") {
            guard let audience = source.string("oidc_audience") else {
                throw ConfigurationError("oidc_audience is required with oidc_issuer")
            }
            let url = source.string("oidc_jwks_url")
            let file = source.string("oidc_jwks_file")
            guard url != nil || file != nil else {
                throw ConfigurationError("oidc_jwks_url or oidc_jwks_file is required with oidc_issuer")
            }
            var provider = OIDCConfiguration(
                issuer: issuer, audience: audience, jwksURL: url, jwksFile: file, orgIds: try Self.orgIds(source),
                requireEmailVerified: try source.bool("oidc_require_email_verified", default: true))
            provider.webSignIn = try source.bool("oidc_web_sign_in", default: false)
            provider.clientSecret = source.string("oidc_client_secret")
            if let discovery = source.string("oidc_discovery_url") { provider.discoveryURL = discovery }
            if let name = source.string("oidc_display_name") { provider.displayName = name }
            guard provider.discoveryURL.hasPrefix("https://") || provider.discoveryURL.hasPrefix("http://") else {
                throw ConfigurationError("oidc_discovery_url must be an http(s) URL")
            }
            oidc = provider
        }
        webSocketRecheckInterval = .seconds(try source.int("websocket_auth_recheck_seconds", default: 30, in: 1...3600))
        subjectCacheLifetime = .seconds(try source.int("auth_subject_cache_seconds", default: 2, in: 0...60))
        deviceStaleAfter = TimeInterval(try source.int("device_stale_seconds", default: 900, in: 30...2_592_000))
        deviceTokenLifetime = TimeInterval(try source.int("device_token_lifetime_seconds", default: 30 * 86_400, in: 3_600...31_536_000))
    }

    /// `oidc_org_ids`: a comma-separated list of org UUIDs, at least one (no org trusts a provider by default).
    static func orgIds(_ source: ConfigurationSource) throws -> Set<UUID> {
        guard let text = source.string("oidc_org_ids") else {
            throw ConfigurationError("oidc_org_ids (the orgs that trust oidc_issuer) is required with oidc_issuer")
        }
        let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let ids = items.compactMap(UUID.init(uuidString:))
        guard !ids.isEmpty, ids.count == items.count else {
            throw ConfigurationError("oidc_org_ids must be a comma-separated list of org UUIDs, got \(text)")
        }
        return Set(ids)
    }
}
