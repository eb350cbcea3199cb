import Foundation

/// The identity provider whose id_tokens `POST /v1/auth/login` accepts. Keys `oidc_issuer`,
/// `oidc_audience`, one of `oidc_jwks_url` / `oidc_jwks_file`, `oidc_org_ids` (required) and
/// `oidc_require_email_verified` (default true).
package struct OIDCConfiguration: Sendable, Equatable {
    package var issuer: String
    package var audience: String
    package var jwksURL: String?
    package var jwksFile: String?
    /// The orgs that trust this issuer: an id_token logs in only users of these orgs. A user of any other
    /// org is answered like an unknown email.
    package var orgIds: Set<UUID>
    /// Whether an id_token must carry `email_verified: true`. Off only for providers that omit the claim;
    /// an explicit `false` is refused either way.
    package var requireEmailVerified: Bool

    package init(
        issuer: String, audience: String, jwksURL: String?, jwksFile: String?, orgIds: Set<UUID>, requireEmailVerified: Bool = true
    ) {
        self.issuer = issuer
        self.audience = audience
        self.jwksURL = jwksURL
        self.jwksFile = jwksFile
        self.orgIds = orgIds
        self.requireEmailVerified = requireEmailVerified
    }
}
