/// Body of `POST /v1/auth/login`: `{"id_token"}` (OIDC, seed 001) or `{"email","password"}` (seed 004).
package struct LoginRequest: Codable, Sendable, Equatable {
    package var idToken: String?
    package var email: String?
    package var password: String?

    package init(idToken: String? = nil, email: String? = nil, password: String? = nil) {
        self.idToken = idToken
        self.email = email
        self.password = password
    }

    enum CodingKeys: String, CodingKey {
        case email, password
        case idToken = "id_token"
    }
}

/// Answer of login and refresh: an 8-hour access token and a rotating refresh token.
package struct LoginResponse: Codable, Sendable, Equatable {
    package var userId: String
    package var accessToken: String
    package var refreshToken: String
    package var tokenType: String
    package var expiresIn: Int

    package init(userId: String, accessToken: String, refreshToken: String, expiresIn: Int) {
        self.userId = userId
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.tokenType = "Bearer"
        self.expiresIn = expiresIn
    }

    enum CodingKeys: String, CodingKey {
        case userId = "user_id"
        case accessToken = "access_token"
        case refreshToken = "refresh_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
    }
}

/// Body of `POST /v1/auth/refresh` and `POST /v1/auth/logout`.
package struct RefreshRequest: Codable, Sendable, Equatable {
    package var refreshToken: String

    package init(refreshToken: String) {
        self.refreshToken = refreshToken
    }

    enum CodingKeys: String, CodingKey {
        case refreshToken = "refresh_token"
    }
}

/// Body of `POST /v1/auth/register` (seed 004), when registration is enabled.
package struct RegisterRequest: Codable, Sendable, Equatable {
    package var email: String
    package var password: String
    package var fullName: String

    package init(email: String, password: String, fullName: String) {
        self.email = email
        self.password = password
        self.fullName = fullName
    }

    enum CodingKeys: String, CodingKey {
        case email, password
        case fullName = "full_name"
    }
}

/// Answer of `GET /v1/auth/me` and `POST /v1/auth/register`: who the caller is.
package struct MeResponse: Codable, Sendable, Equatable {
    /// `user`, `device` or `api_key`.
    package var kind: String
    package var id: String
    package var userId: String?
    package var deviceId: String?
    package var orgId: String
    package var role: String
    package var siteIds: [String]
    package var email: String?
    package var fullName: String?
    package var createdAt: String?

    package init(
        kind: String, id: String, orgId: String, role: String, siteIds: [String], email: String? = nil,
        fullName: String? = nil, createdAt: String? = nil
    ) {
        self.kind = kind
        self.id = id
        self.userId = kind == "user" ? id : nil
        self.deviceId = kind == "device" ? id : nil
        self.orgId = orgId
        self.role = role
        self.siteIds = siteIds
        self.email = email
        self.fullName = fullName
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case kind, id, role, email
        case userId = "user_id"
        case deviceId = "device_id"
        case orgId = "org_id"
        case siteIds = "site_ids"
        case fullName = "full_name"
        case createdAt = "created_at"
    }
}
