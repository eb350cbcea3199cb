import BackendCore
import Foundation
import HTTPTypes
import Hummingbird
import RelayAPI

/// `/v1/admin/…` for org admins: sites, users, enrollment keys and devices of their own org. Everything
/// is scoped to the caller's org; another org's ids answer 404. (Creating orgs stays with the
/// `relay-backend admin` CLI: an org admin has no authority over other tenants.)
struct AdminController {
    let auth: AuthService
    /// Carries a revocation to the other processes' `ConfirmedSubjectCache`s.
    let bus: any EventBus

    struct CreateSite: Decodable { let name: String }
    struct CreateUser: Decodable {
        let email: String
        let name: String
        let role: String
        let siteIds: [UUID]?
        let password: String?
        enum CodingKeys: String, CodingKey {
            case email, name, role, password
            case siteIds = "site_ids"
        }
    }
    struct CreateKey: Decodable {
        let siteId: UUID?
        let uses: Int?
        let expiresInDays: Double?
        enum CodingKeys: String, CodingKey {
            case uses
            case siteId = "site_id"
            case expiresInDays = "expires_in_days"
        }
    }

    static func apiKeys(_ auth: AuthService) throws -> APIKeyService {
        guard let keys = auth.apiKeys else { throw AppError.unavailable("API keys are not enabled") }
        return keys
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        let admin = router.group("/v1/admin").add(middleware: AuthMiddleware(auth: auth))
        admin.get("/org") { _, context in
            let identity = try context.requireRole(.admin)
            guard let org = try await auth.admin.repository.org(id: identity.orgId) else { throw AppError.notFound("org") }
            return AdminDTO.org(org)
        }
        admin.get("/sites") { _, context in
            let identity = try context.requireRole(.admin)
            return DataList(data: try await auth.repository.sites(orgId: identity.orgId).map(AdminDTO.site))
        }
        admin.post("/sites") { request, context -> EditedResponse<Site> in
            let identity = try context.requireRole(.admin)
            let body = try await request.decodeJSON(as: CreateSite.self, context: context)
            return .init(status: .created, response: AdminDTO.site(try await auth.admin.createSite(orgId: identity.orgId, name: body.name)))
        }
        admin.get("/users") { _, context in
            let identity = try context.requireRole(.admin)
            return DataList(data: try await auth.repository.users(orgId: identity.orgId).map(AdminDTO.user))
        }
        admin.post("/users") { request, context -> EditedResponse<User> in
            let identity = try context.requireRole(.admin)
            let body = try await request.decodeJSON(as: CreateUser.self, context: context)
            let user = try await auth.admin.createUser(
                orgId: identity.orgId, email: body.email, name: body.name, role: body.role, siteIds: body.siteIds ?? [],
                password: body.password)
            return .init(status: .created, response: AdminDTO.user(user))
        }
        admin.get("/enrollment-keys") { _, context in
            let identity = try context.requireRole(.admin)
            return DataList(data: try await auth.repository.enrollmentKeys(orgId: identity.orgId).map { AdminDTO.key($0, secret: nil) })
        }
        admin.post("/enrollment-keys") { request, context -> EditedResponse<EnrollmentKey> in
            let identity = try context.requireRole(.admin)
            let body = try await request.decodeJSON(as: CreateKey.self, context: context)
            let (record, secret) = try await auth.admin.createEnrollmentKey(
                orgId: identity.orgId, siteId: body.siteId, uses: body.uses ?? 1, expiresIn: body.expiresInDays.map { $0 * 86_400 })
            return .init(status: .created, response: AdminDTO.key(record, secret: secret))
        }
        admin.delete("/enrollment-keys/:id") { _, context -> Response in
            let identity = try context.requireRole(.admin)
            let id = try context.pathID(APIErrorCode.notFound)
            guard try await auth.repository.revokeEnrollmentKey(id: id, orgId: identity.orgId, at: Date()) else {
                throw AppError.notFound("enrollment key")
            }
            return Response(status: .noContent)
        }
        admin.get("/api-keys") { _, context in
            let identity = try context.requireRole(.admin)
            return DataList(data: try await Self.apiKeys(auth).repository.keys(orgId: identity.orgId).map { APIKeyView($0) })
        }
        admin.post("/api-keys") { request, context -> EditedResponse<APIKeyView> in
            struct Body: Decodable {
                var name: String
                var role: String?
                var expiresInDays: Double?
                enum CodingKeys: String, CodingKey {
                    case name, role, expiresInDays = "expires_in_days"
                }
            }
            let identity = try context.requireRole(.admin)
            let body = try await request.decodeJSON(as: Body.self, context: context)
            let (record, key) = try await Self.apiKeys(auth).create(
                orgId: identity.orgId, createdBy: identity.subject, name: body.name, role: body.role, expiresInDays: body.expiresInDays)
            return .init(status: .created, response: APIKeyView(record, key: key))
        }
        admin.delete("/api-keys/:id") { _, context -> Response in
            let identity = try context.requireRole(.admin)
            let id = try context.pathID(APIErrorCode.notFound)
            guard try await Self.apiKeys(auth).repository.revoke(id: id, orgId: identity.orgId, at: Date()) else {
                throw AppError.notFound("API key")
            }
            return Response(status: .noContent)
        }
        // Reviewers see the devices of their sites too: whether the studio boxes are alive is theirs to know.
        admin.get("/devices") { request, context in
            let identity = try context.requireRole(.admin, .reviewer)
            var wanted: DeviceStatus?
            if let text = request.uri.queryParameters.get("status") {
                guard let status = DeviceStatus(rawValue: text) else {
                    throw AppError(
                        status: 400, code: APIErrorCode.validation, message: "status must be ok, stale or revoked",
                        details: ["field": "status", "allowed": .array(DeviceStatus.allCases.map { .string($0.rawValue) })])
                }
                wanted = status
            }
            let now = Date()
            let devices = try await auth.repository.devices(orgId: identity.orgId)
                .filter { identity.canAccess(orgId: $0.orgId, siteId: $0.siteId) }
                .map { AdminDTO.device($0, now: now, staleAfter: auth.configuration.deviceStaleAfter) }
            return DataList(data: devices.filter { wanted == nil || $0.status == wanted })
        }
        admin.post("/devices/:id/revoke") { _, context -> Device in
            let identity = try context.requireRole(.admin)
            let id = try context.pathID(APIErrorCode.notFound)
            guard try await auth.revokeDevice(id: id, orgId: identity.orgId),
                let device = try await auth.repository.device(id: id)
            else { throw AppError.notFound("device") }
            await bus.publish(ConfirmedSubjectCache.channel, ConfirmedSubjectCache.message(forgetting: id))
            return AdminDTO.device(device, now: Date(), staleAfter: auth.configuration.deviceStaleAfter)
        }
    }
}
