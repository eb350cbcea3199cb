import Foundation
import JWTKit

/// What a browser's "Sign in with …" must bring back to the callback, kept in a short-lived HttpOnly cookie
/// as an ES256 JWT of type `oidc-state` (so no server state, and any process of a fleet can check it): the
/// `state` the provider must echo, the id_token's expected `nonce`, and the PKCE `verifier`.
package struct OIDCStateClaims: JWTPayload, Equatable {
    package var iss: IssuerClaim
    package var exp: ExpirationClaim
    package var typ: String
    package var state: String
    package var nonce: String
    package var verifier: String

    package static let type = "oidc-state"

    package init(issuer: String, state: String, nonce: String, verifier: String, now: Date, lifetime: TimeInterval) {
        iss = IssuerClaim(value: issuer)
        exp = ExpirationClaim(value: Date(timeIntervalSince1970: (now.timeIntervalSince1970 + lifetime).rounded(.down)))
        typ = Self.type
        self.state = state
        self.nonce = nonce
        self.verifier = verifier
    }

    /// Signature, issuer, type and expiry are checked by `TokenService.verifyOIDCState`.
    package func verify(using algorithm: some JWTAlgorithm) async throws {}
}
