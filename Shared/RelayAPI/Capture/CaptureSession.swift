import Foundation

/// A seed 001 session, as `POST /v1/sessions`, `GET`/`PATCH /v1/sessions/{id}` answer it.
package struct CaptureSession: Codable, Sendable, Equatable {
    /// The session's vehicle.
    package struct Vehicle: Codable, Sendable, Equatable {
        package var id: String?
        package var vin: String?
        package var stock: String?

        package init(id: String? = nil, vin: String? = nil, stock: String? = nil) {
            self.id = id
            self.vin = vin
            self.stock = stock
        }

        enum CodingKeys: String, CodingKey {
            case id
            case vin
            case stock
        }

        // Members without a value are sent as `null`, not left out, as the API always did.
        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(vin, forKey: .vin)
            try container.encode(stock, forKey: .stock)
        }
    }

    package var id: String
    package var orgId: String
    package var siteId: String
    package var vehicleId: String?
    package var mode: String
    package var shotList: [String: JSONValue]
    package var status: String
    package var startedAt: Date?
    package var completedAt: Date?
    /// Left out where the answer does not include it.
    package var vehicle: Vehicle?

    package init(
        id: String, orgId: String, siteId: String, vehicleId: String? = nil, mode: String,
        shotList: [String: JSONValue], status: String, startedAt: Date? = nil, completedAt: Date? = nil,
        vehicle: Vehicle? = nil
    ) {
        self.id = id
        self.orgId = orgId
        self.siteId = siteId
        self.vehicleId = vehicleId
        self.mode = mode
        self.shotList = shotList
        self.status = status
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.vehicle = vehicle
    }

    enum CodingKeys: String, CodingKey {
        case id
        case orgId = "org_id"
        case siteId = "site_id"
        case vehicleId = "vehicle_id"
        case mode
        case shotList = "shot_list"
        case status
        case startedAt = "started_at"
        case completedAt = "completed_at"
        case vehicle
    }

    // Members without a value are sent as `null`, not left out, as the API always did.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(orgId, forKey: .orgId)
        try container.encode(siteId, forKey: .siteId)
        try container.encode(vehicleId, forKey: .vehicleId)
        try container.encode(mode, forKey: .mode)
        try container.encode(shotList, forKey: .shotList)
        try container.encode(status, forKey: .status)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(completedAt, forKey: .completedAt)
        try container.encodeIfPresent(vehicle, forKey: .vehicle)
    }
}
