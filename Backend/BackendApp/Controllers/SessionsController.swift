import BackendCore
import Foundation
import HTTPTypes
import Hummingbird
import RelayAPI

/// `/v1/sessions` (seed 001): create (device or user), list (users), get, and status changes.
struct SessionsController {
    let capture: CaptureService
    let auth: AuthService

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("sessions") { request, context -> EditedResponse<CaptureSession> in
            let identity = try context.requireIdentity()
            let key = request.headers[HTTPField.Name("Idempotency-Key")!]
            let (session, vehicle) = try await capture.createSession(
                identity, request.decodeJSON(as: CreateSessionRequest.self, context: context), idempotencyKey: key)
            return .init(status: .created, response: CaptureDTO.session(session, vehicle: vehicle))
        }
        group.get("sessions") { request, context -> PageResponse<CaptureSessionRow> in
            let identity = try context.requireIdentity()
            guard !identity.isDevice else {
                throw AppError(status: 403, code: APIErrorCode.forbidden, message: "listing sessions needs a user token")
            }
            let page = try Page(request)
            let query = SessionQuery(
                orgId: identity.orgId, siteScope: identity.siteIds, siteId: try Page.uuid(request, "site_id"),
                status: try Page.choice(request, "status", CaptureSessionRecord.Status.self),
                vehicleId: try Page.uuid(request, "vehicle_id"), limit: page.limit, offset: page.offset)
            let (rows, total) = try await capture.repository.sessions(query)
            return page.response(rows.map(CaptureDTO.summary), total: total)
        }
        group.get("sessions/:id") { _, context -> CaptureSessionDetail in
            let identity = try context.requireIdentity()
            let session = try await capture.accessibleSession(identity, id: try context.pathID(.sessionNotFound))
            return try await detail(session)
        }
        group.patch("sessions/:id") { request, context -> CaptureSessionDetail in
            let identity = try context.requireIdentity()
            let id = try context.pathID(.sessionNotFound)
            let body = try await request.decodeJSON(as: UpdateSessionRequest.self, context: context)
            return try await detail(try await capture.updateSession(identity, id: id, body))
        }
    }

    func detail(_ session: CaptureSessionRecord) async throws -> CaptureSessionDetail {
        var detail = CaptureSessionDetail(session: CaptureDTO.session(session), operator: nil, device: nil)
        if let vehicle = try await capture.repository.vehicle(id: session.vehicleId) { detail.session.vehicle = CaptureDTO.vehicle(vehicle) }
        if let operatorId = session.operatorId {
            let user = try await auth.repository.user(id: operatorId)
            detail.operator = .init(id: CaptureDTO.id(operatorId), name: user?.name)
        }
        if let deviceId = session.deviceId {
            let device = try await auth.repository.device(id: deviceId)
            detail.device = .init(id: CaptureDTO.id(deviceId), model: device?.model)
        }
        return detail
    }
}
