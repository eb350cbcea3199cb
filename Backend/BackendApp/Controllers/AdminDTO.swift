import BackendCore
import Foundation
import Hummingbird
import RelayAPI

/// A JSON object answer built member by member (snake_case keys), for resources whose shape the seeds give
/// as examples rather than types.
struct JSONObject: ResponseEncodable {
    var fields: [String: JSONValue]

    func encode(to encoder: any Encoder) throws {
        try fields.encode(to: encoder)
    }

    /// `{"data":[…]}`.
    struct List: ResponseEncodable {
        let data: [JSONObject]
    }

    /// The object as a JSON value, to nest it in another.
    var value: JSONValue { .object(fields) }
}

/// JSON shapes of the admin API.
enum AdminDTO {
    typealias List = JSONObject.List

    static func id(_ id: UUID?) -> JSONValue { id.map { .string($0.uuidString.lowercased()) } ?? .null }
    static func date(_ date: Date?) -> JSONValue { date.map { .string($0.formatted(.iso8601)) } ?? .null }

    static func org(_ org: OrgRecord) -> JSONObject {
        JSONObject(fields: ["id": id(org.id), "name": .string(org.name), "created_at": date(org.createdAt)])
    }

    static func site(_ site: SiteRecord) -> JSONObject {
        JSONObject(fields: ["id": id(site.id), "org_id": id(site.orgId), "name": .string(site.name), "created_at": date(site.createdAt)])
    }

    static func user(_ user: UserRecord) -> JSONObject {
        JSONObject(fields: [
            "id": id(user.id), "org_id": id(user.orgId), "email": .string(user.email), "name": .string(user.name),
            "role": .string(user.role.rawValue), "site_ids": .array(user.siteIds.map { id($0) }), "created_at": date(user.createdAt),
        ])
    }

    static func key(_ key: EnrollmentKeyRecord, secret: String?) -> JSONObject {
        var fields: [String: JSONValue] = [
            "id": id(key.id), "org_id": id(key.orgId), "site_id": id(key.siteId), "uses_allowed": .number(Double(key.usesAllowed)),
            "uses_left": .number(Double(key.usesLeft)), "expires_at": date(key.expiresAt), "revoked_at": date(key.revokedAt),
            "created_at": date(key.createdAt),
        ]
        // The secret is returned once, at creation; only its hash is stored.
        if let secret { fields["key"] = .string(secret) }
        return JSONObject(fields: fields)
    }

    static func device(_ device: DeviceRecord) -> JSONObject {
        JSONObject(fields: [
            "id": id(device.id), "org_id": id(device.orgId), "site_id": id(device.siteId), "platform": .string(device.platform),
            "model": .string(device.model), "app_version": .string(device.appVersion), "created_at": date(device.createdAt),
            "last_seen_at": date(device.lastSeenAt), "revoked_at": date(device.revokedAt),
        ])
    }
}
