import Foundation
import RelayAPI

extension AuthService {
    /// Password or OIDC login.
    package func login(_ request: LoginRequest, now: Date = Date()) async throws -> LoginResponse {
        if let idToken = request.idToken {
            guard let oidc else {
                throw AppError(status: 400, code: .oidcNotConfigured, message: "login with id_token is not enabled on this server")
            }
            let claims = try await oidc.verify(idToken, now: now)
            return try await session(for: try await oidcUser(claims, trust: oidc.configuration), familyId: UUID(), now: now)
        }
        guard let email = request.email, let password = request.password else {
            throw AppError.validation("give id_token, or email and password", field: request.email == nil ? "email" : "password")
        }
        let normalized = email.trimmingCharacters(in: .whitespaces).lowercased()
        // Per account, whoever asks, and before any scrypt work (known and unknown emails alike).
        let account = "email:" + normalized
        try throttle.admit(account, now: now)
        let credentials = try await repository.credentials(email: normalized)
        // Same message, and the same scrypt work, whether or not the email exists: no user enumeration.
        let stored = credentials?.passwordHash ?? Self.decoyHash
        let valid = await hasher.verify(password, against: stored)
        guard valid, let user = credentials?.user, credentials?.passwordHash != nil else {
            throttle.failed(account, now: now)
            throw Self.unauthorized(.invalidCredentials, "email or password is wrong")
        }
        throttle.succeeded(account)
        return try await session(for: user, familyId: UUID(), now: now)
    }

    /// Login with an id_token from the authorization code flow (the reviewer app's "Sign in with …"): as an
    /// id_token login, and the token's `nonce` must be the one this browser's sign-in started with.
    package func login(idToken: String, expectedNonce: String, now: Date = Date()) async throws -> LoginResponse {
        guard let oidc else {
            throw AppError(status: 400, code: .oidcNotConfigured, message: "sign-in with an identity provider is not enabled on this server")
        }
        let claims = try await oidc.verify(idToken, now: now)
        guard let nonce = claims.nonce, APIKeyService.constantTimeEqual(nonce, expectedNonce) else {
            throw JWTHeaderPolicy.invalid("id_token nonce does not match this sign-in")
        }
        return try await session(for: try await oidcUser(claims, trust: oidc.configuration), familyId: UUID(), now: now)
    }

    /// The user a verified id_token names: its email must be verified by the provider (unless the provider
    /// is configured not to send the claim; an explicit `false` is refused either way), and the user must
    /// belong to an org that trusts the issuer. Another org's user is answered like an unknown email.
    func oidcUser(_ claims: OIDCVerifier.Claims, trust: OIDCConfiguration) async throws -> UserRecord {
        guard claims.emailVerified ?? !trust.requireEmailVerified else {
            throw AppError(
                status: 403, code: APIErrorCode.emailNotVerified,
                message: "the identity provider has not verified this email address (email_verified is not true)")
        }
        guard let email = claims.email?.lowercased(), let credentials = try await repository.credentials(email: email),
            trust.orgIds.contains(credentials.user.orgId)
        else {
            throw AppError(status: 403, code: APIErrorCode.userNotInOrg, message: "no user of an organisation that trusts this identity provider matches this identity")
        }
        return credentials.user
    }

    /// Spends a refresh token and returns a new access token and the next refresh token. A spent or
    /// revoked token revokes its whole family (someone replayed it).
    package func refresh(_ refreshToken: String, now: Date = Date()) async throws -> LoginResponse {
        guard let record = try await repository.refreshToken(hash: SecretToken.hash(refreshToken)) else {
            throw Self.unauthorized(.refreshTokenInvalid, "refresh token is not valid")
        }
        try throttle.admit("refresh-family:" + record.familyId.uuidString, now: now)
        if record.usedAt != nil || record.revokedAt != nil {
            try await repository.revokeRefreshFamily(record.familyId, at: now)
            throw Self.unauthorized(.refreshTokenReused, "refresh token was already used; every session from that login is revoked")
        }
        guard record.expiresAt > now else { throw Self.unauthorized(.refreshTokenExpired, "refresh token has expired") }
        guard try await repository.spendRefreshToken(id: record.id, at: now) else {
            try await repository.revokeRefreshFamily(record.familyId, at: now)
            throw Self.unauthorized(.refreshTokenReused, "refresh token was already used; every session from that login is revoked")
        }
        guard let user = try await repository.user(id: record.userId) else {
            throw Self.unauthorized(.refreshTokenInvalid, "refresh token is not valid")
        }
        return try await session(for: user, familyId: record.familyId, now: now)
    }

    /// Revokes the refresh token's family (logout everywhere that login reached).
    package func logout(_ refreshToken: String, now: Date = Date()) async throws {
        if let record = try await repository.refreshToken(hash: SecretToken.hash(refreshToken)) {
            try await repository.revokeRefreshFamily(record.familyId, at: now)
        }
    }

    /// Self-registration as an operator of `registration_org_id` (off unless configured).
    package func register(_ request: RegisterRequest) async throws -> UserRecord {
        guard let orgId = configuration.registrationOrgId else {
            throw AppError(status: 403, code: .registrationDisabled, message: "self-registration is not enabled on this server")
        }
        try throttle.admit("email:" + request.email.trimmingCharacters(in: .whitespaces).lowercased())
        return try await admin.createUser(
            orgId: orgId, email: request.email, name: request.fullName, role: UserRole.operator_.rawValue, siteIds: [],
            password: request.password)
    }

    func session(for user: UserRecord, familyId: UUID, now: Date) async throws -> LoginResponse {
        let access = try await tokens.issue(
            subject: user.id, orgId: user.orgId, role: Identity.Role(rawValue: user.role.rawValue) ?? .operator_,
            siteIds: user.siteIds, lifetime: configuration.userTokenLifetime)
        let refresh = SecretToken.generate(prefix: "rt_")
        try await repository.insertRefreshToken(
            RefreshTokenRecord(
                id: UUID(), familyId: familyId, userId: user.id, tokenHash: SecretToken.hash(refresh), createdAt: now,
                expiresAt: now.addingTimeInterval(configuration.refreshTokenLifetime), usedAt: nil, revokedAt: nil))
        return LoginResponse(
            userId: user.id.uuidString.lowercased(), accessToken: access, refreshToken: refresh,
            expiresIn: Int(configuration.userTokenLifetime))
    }

    /// A valid scrypt hash of a random password, verified against when the email is unknown.
    static let decoyHash = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
}
