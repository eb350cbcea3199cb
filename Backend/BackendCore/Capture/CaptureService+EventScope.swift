import Foundation
import RelayAPI

extension CaptureService {
    /// Event types that record a review decision; only reviewers and admins may post them.
    static let reviewEventTypes: Set<String> = ["published"]

    /// Whether the caller may post event `index` of `type` about the `entityType` entity `entityId`:
    /// review actions need the reviewer or admin role (403); the entity must be of the caller's org (404,
    /// like an unknown id) and of a site the caller may act on (403); a device reports only about itself
    /// among devices (403).
    /// `scopes` holds the entities already looked up for this batch (events about one session or image
    /// cost one lookup, not one each).
    func authorizeEvent(
        _ identity: Identity, index: Int, type: String, entityType: String, entityId: UUID,
        scopes: inout [String: (orgId: UUID, siteId: UUID?)?]
    ) async throws {
        func forbidden(_ message: String) -> AppError {
            AppError(status: 403, code: APIErrorCode.forbidden, message: "event \(index): \(message)", details: ["index": .number(Double(index))])
        }
        guard !Self.reviewEventTypes.contains(type) || identity.hasRole(.reviewer, .admin) else {
            throw forbidden("\(type) is a review action, for the reviewer or admin role")
        }
        let cacheKey = entityType + ":" + entityId.uuidString
        let looked: (orgId: UUID, siteId: UUID?)?
        if let known = scopes[cacheKey] {
            looked = known
        } else {
            looked = try await repository.entityScope(type: entityType, id: entityId)
            scopes[cacheKey] = .some(looked)
        }
        guard let scope = looked, scope.orgId == identity.orgId else {
            throw AppError(status: 404, code: APIErrorCode.notFound, message: "event \(index): \(entityType) not found",
                details: ["index": .number(Double(index))])
        }
        guard !identity.isDevice || entityType != "device" || entityId == identity.subject else {
            throw forbidden("a device reports events only about itself")
        }
        guard identity.canAccess(orgId: scope.orgId, siteId: scope.siteId) else {
            throw forbidden("no access to this \(entityType)'s site")
        }
    }
}
