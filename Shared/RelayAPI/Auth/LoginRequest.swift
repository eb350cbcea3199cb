/// Body of `POST /v1/auth/login`: `{"id_token"}` (OIDC, seed 001) or `{"email","password"}` (seed 004).
public struct LoginRequest: Codable, Sendable, Equatable {
    public var idToken: String?
    public var email: String?
    public var password: String?

    public init(idToken: String? = nil, email: String? = nil, password: String? = nil) {
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
public struct LoginResponse: Codable, Sendable, Equatable {
    public var userId: String
    public var accessToken: String
    public var refreshToken: String
    public var tokenType: String
    public var expiresIn: Int

    public init(userId: String, accessToken: String, refreshToken: String, expiresIn: Int) {
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
public struct RefreshRequest: Codable, Sendable, Equatable {
    public var refreshToken: String

    public init(refreshToken: String) {
        self.refreshToken = refreshToken
    }

    enum CodingKeys: String, CodingKey {
        case refreshToken = "refresh_token"
    }
}

/// Body of `POST /v1/auth/register` (seed 004), when registration is enabled.
public struct RegisterRequest: Codable, Sendable, Equatable {
    public var email: String
    public var password: String
    public var fullName: String

    public init(email: String, password: String, fullName: String) {
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
public struct MeResponse: Codable, Sendable, Equatable {
    /// `user` or `device`.
    public var kind: String
    public var id: String
    public var userId: String?
    public var deviceId: String?
    public var orgId: String
    public var role: String
    public var siteIds: [String]
    public var email: String?
    public var fullName: String?
    public var createdAt: String?

    public init(
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
