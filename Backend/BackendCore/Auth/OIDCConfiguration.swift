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
    /// Whether the reviewer app offers "Sign in with …" (`oidc_web_sign_in`): the authorization code flow
    /// with PKCE, `oidc_audience` as the client id.
    package var webSignIn = false
    /// `oidc_client_secret`: sent with HTTP Basic to the token endpoint; a public client (PKCE only) without.
    package var clientSecret: String?
    /// Where the provider's endpoints are read (`oidc_discovery_url`, default `{issuer}/.well-known/openid-configuration`).
    package var discoveryURL: String
    /// The button's name for the provider (`oidc_display_name`, default the issuer's host).
    package var displayName: String

    package init(
        issuer: String, audience: String, jwksURL: String?, jwksFile: String?, orgIds: Set<UUID>, requireEmailVerified: Bool = true
    ) {
        discoveryURL = (issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer) + "/.well-known/openid-configuration"
        displayName = URL(string: issuer)?.host ?? issuer
        self.issuer = issuer
        self.audience = audience
        self.jwksURL = jwksURL
        self.jwksFile = jwksFile
        self.orgIds = orgIds
        self.requireEmailVerified = requireEmailVerified
    }
}
