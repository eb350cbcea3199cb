// Codes of the identity endpoints (`/v1/auth/…`) and of bearer-token checks.
extension APIErrorCode {
    /// 401: a token that does not verify (signature, algorithm, key id, issuer, audience, claims).
    package static let tokenInvalid = Self(rawValue: "TOKEN_INVALID")
    /// 401: a token past its `exp` (with 30 s of leeway).
    package static let tokenExpired = Self(rawValue: "TOKEN_EXPIRED")
    /// 401: the device has been revoked.
    package static let deviceRevoked = Self(rawValue: "DEVICE_REVOKED")
    /// 403: no user of an org that trusts the identity provider has the id_token's email (or any email).
    package static let userNotInOrg = Self(rawValue: "USER_NOT_IN_ORG")
    /// 403: the id_token's email is not marked verified (`email_verified`) by the identity provider.
    package static let emailNotVerified = Self(rawValue: "EMAIL_NOT_VERIFIED")
    /// 401: the enrollment key is unknown or belongs to another org (the two answer alike).
    package static let enrollmentKeyInvalid = Self(rawValue: "ENROLLMENT_KEY_INVALID")
    /// 401: the enrollment key has been revoked.
    package static let enrollmentKeyRevoked = Self(rawValue: "ENROLLMENT_KEY_REVOKED")
    /// 401: the enrollment key is past its expiry.
    package static let enrollmentKeyExpired = Self(rawValue: "ENROLLMENT_KEY_EXPIRED")
    /// 401: the enrollment key has no uses left.
    package static let enrollmentKeyExhausted = Self(rawValue: "ENROLLMENT_KEY_EXHAUSTED")
    /// 401: the device proof's signature does not verify against the device's key.
    package static let deviceProofInvalid = Self(rawValue: "DEVICE_PROOF_INVALID")
    /// 401: the device proof's `signed_at` is too far from the server's clock.
    package static let deviceProofStale = Self(rawValue: "DEVICE_PROOF_STALE")
    /// 401: this device proof (or a newer one) was already used.
    package static let deviceProofReplayed = Self(rawValue: "DEVICE_PROOF_REPLAYED")
    /// 401: email or password is wrong (the two answer alike).
    package static let invalidCredentials = Self(rawValue: "INVALID_CREDENTIALS")
    /// 401: the refresh token is unknown.
    package static let refreshTokenInvalid = Self(rawValue: "REFRESH_TOKEN_INVALID")
    /// 401: the refresh token was already spent; every session of its login is revoked.
    package static let refreshTokenReused = Self(rawValue: "REFRESH_TOKEN_REUSED")
    /// 401: the refresh token has expired.
    package static let refreshTokenExpired = Self(rawValue: "REFRESH_TOKEN_EXPIRED")
    /// 400: login with an `id_token` while no identity provider is configured.
    package static let oidcNotConfigured = Self(rawValue: "OIDC_NOT_CONFIGURED")
    /// 403: self-registration is not enabled on this server.
    package static let registrationDisabled = Self(rawValue: "REGISTRATION_DISABLED")
    /// 403: a web-session request (`/v1/web/session…`) without `X-Relay-CSRF`, or sent from another site.
    package static let csrfRejected = Self(rawValue: "CSRF_REJECTED")
    /// 409: an org of that name already exists.
    package static let orgExists = Self(rawValue: "ORG_EXISTS")
    /// 409: the org already has a site of that name.
    package static let siteExists = Self(rawValue: "SITE_EXISTS")
    /// 409: a user with that email already exists.
    package static let userExists = Self(rawValue: "USER_EXISTS")
}
