import BackendCore
import Foundation
import Hummingbird
import RelayAPI

/// The admin API's records as their wire types (`Shared/RelayAPI/Admin`).
enum AdminDTO {
    /// An id as the API writes it: lowercase.
    static func id(_ id: UUID) -> String { id.uuidString.lowercased() }

    static func org(_ org: OrgRecord) -> Org {
        Org(id: id(org.id), name: org.name, createdAt: org.createdAt)
    }

    static func site(_ site: SiteRecord) -> Site {
        Site(id: id(site.id), orgId: id(site.orgId), name: site.name, createdAt: site.createdAt)
    }

    static func user(_ user: UserRecord) -> User {
        User(
            id: id(user.id), orgId: id(user.orgId), email: user.email, name: user.name, role: user.role.rawValue,
            siteIds: user.siteIds.map { id($0) }, createdAt: user.createdAt)
    }

    /// The secret is returned once, at creation; only its hash is stored.
    static func key(_ key: EnrollmentKeyRecord, secret: String?) -> EnrollmentKey {
        EnrollmentKey(
            id: id(key.id), orgId: id(key.orgId), siteId: key.siteId.map { id($0) }, usesAllowed: key.usesAllowed,
            usesLeft: key.usesLeft,
            expiresAt: key.expiresAt, revokedAt: key.revokedAt, createdAt: key.createdAt, key: secret)
    }

    static func device(_ device: DeviceRecord, now: Date, staleAfter: TimeInterval) -> Device {
        Device(
            id: id(device.id), orgId: id(device.orgId), siteId: device.siteId.map { id($0) }, platform: device.platform,
            model: device.model,
            appVersion: device.appVersion, createdAt: device.createdAt, lastSeenAt: device.lastSeenAt,
            revokedAt: device.revokedAt, status: device.status(now: now, staleAfter: staleAfter), health: device.health)
    }
}

extension Org: ResponseEncodable {}
extension Site: ResponseEncodable {}
extension User: ResponseEncodable {}
extension EnrollmentKey: ResponseEncodable {}
extension Device: ResponseEncodable {}
extension DataList: ResponseEncodable {}
extension PageResponse: ResponseEncodable {}
