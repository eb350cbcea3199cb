import BackendCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RelayAPI

/// `/v1/auth/…`: device enrollment and refresh, login (OIDC or password), refresh, logout, registration,
/// `me`, and the JWKS of Relay's own signing keys.
struct AuthController {
    let auth: AuthService

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("/v1/auth/device") { request, context in
            try await auth.deviceAuth(request.decodeJSON(as: DeviceAuthRequest.self, context: context))
        }
        addAccountRoutes(to: router.group("/v1/auth"))
        router.get("/v1/auth/jwks") { _, _ in try await jwks() }
        router.get("/.well-known/jwks.json") { _, _ in try await jwks() }
    }

    /// A person's account routes — `login`, `refresh`, `logout`, `register`, `me` — under `group`: `/v1/auth`,
    /// and seed 004's `/api/v1/auth` (`SeedBasePaths`).
    func addAccountRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("login") { request, context in
            try await auth.login(request.decodeJSON(as: LoginRequest.self, context: context))
        }
        group.post("refresh") { request, context in
            try await auth.refresh(request.decodeJSON(as: RefreshRequest.self, context: context).refreshToken)
        }
        group.post("logout") { request, context -> Response in
            try await auth.logout(request.decodeJSON(as: RefreshRequest.self, context: context).refreshToken)
            return Response(status: .noContent)
        }
        group.post("register") { request, context -> EditedResponse<MeResponse> in
            let user = try await auth.register(request.decodeJSON(as: RegisterRequest.self, context: context))
            return EditedResponse(status: .created, response: Self.me(user))
        }
        group.group("me").add(middleware: AuthMiddleware(auth: auth)).get { _, context in
            try await me(context.requireIdentity())
        }
    }

    func jwks() async throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: ["keys": await auth.tokens.jwks()], options: [.sortedKeys])
        return Response(
            status: .ok, headers: [.contentType: "application/json", .cacheControl: "public, max-age=300"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    func me(_ identity: Identity) async throws -> MeResponse {
        if identity.isAPIKey {
            guard let key = try await auth.apiKeys?.repository.key(id: identity.subject) else { throw AppError.notFound("API key") }
            return MeResponse(
                kind: "api_key", id: key.id.uuidString.lowercased(), orgId: key.orgId.uuidString.lowercased(), role: key.role.rawValue,
                siteIds: [], fullName: key.name, createdAt: key.createdAt.formatted(.iso8601))
        }
        if identity.isDevice {
            guard let device = try await auth.repository.device(id: identity.subject) else { throw AppError.notFound("device") }
            return MeResponse(
                kind: "device", id: device.id.uuidString.lowercased(), orgId: device.orgId.uuidString.lowercased(),
                role: "device", siteIds: device.siteId.map { [$0.uuidString.lowercased()] } ?? [],
                createdAt: device.createdAt.formatted(.iso8601))
        }
        guard let user = try await auth.repository.user(id: identity.subject) else { throw AppError.notFound("user") }
        return Self.me(user)
    }

    static func me(_ user: UserRecord) -> MeResponse {
        MeResponse(
            kind: "user", id: user.id.uuidString.lowercased(), orgId: user.orgId.uuidString.lowercased(), role: user.role.rawValue,
            siteIds: user.siteIds.map { $0.uuidString.lowercased() }, email: user.email, fullName: user.name,
            createdAt: user.createdAt.formatted(.iso8601))
    }
}

extension DeviceAuthResponse: ResponseEncodable {}
extension LoginResponse: ResponseEncodable {}
extension MeResponse: ResponseEncodable {}
