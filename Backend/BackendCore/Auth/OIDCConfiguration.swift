import Foundation

/// The identity provider whose id_tokens `POST /v1/auth/login` accepts. Keys `oidc_issuer`,
/// `oidc_audience`, and one of `oidc_jwks_url` / `oidc_jwks_file`.
public struct OIDCConfiguration: Sendable, Equatable {
    public var issuer: String
    public var audience: String
    public var jwksURL: String?
    public var jwksFile: String?

    public init(issuer: String, audience: String, jwksURL: String?, jwksFile: String?) {
        self.issuer = issuer
        self.audience = audience
        self.jwksURL = jwksURL
        self.jwksFile = jwksFile
    }
}
