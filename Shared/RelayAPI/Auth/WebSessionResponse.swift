/// `POST /v1/web/session` and `…/refresh`: the page's access token, which it keeps in memory only, and who
/// signed in. The refresh token never appears here: it travels in an HttpOnly cookie.
package struct WebSessionResponse: Codable, Sendable, Equatable {
    package var accessToken: String
    package var tokenType: String
    package var expiresIn: Int
    package var user: MeResponse

    package init(accessToken: String, expiresIn: Int, user: MeResponse) {
        self.accessToken = accessToken
        self.tokenType = "Bearer"
        self.expiresIn = expiresIn
        self.user = user
    }

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
        case user
    }
}
