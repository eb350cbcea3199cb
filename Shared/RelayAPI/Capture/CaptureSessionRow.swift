import Foundation

/// A row of `GET /v1/sessions`.
package struct CaptureSessionRow: Codable, Sendable, Equatable {
    /// The user who ran the session.
    package struct Operator: Codable, Sendable, Equatable {
        package var id: String?
        package var name: String?

        package init(id: String? = nil, name: String? = nil) {
            self.id = id
            self.name = name
        }

        enum CodingKeys: String, CodingKey {
            case id
            case name
        }

        // Members without a value are sent as `null`, not left out, as the API always did.
        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
        }
    }

    /// The device that captured the session.
    package struct DeviceRef: Codable, Sendable, Equatable {
        package var id: String?

        package init(id: String? = nil) {
            self.id = id
        }

        enum CodingKeys: String, CodingKey {
            case id
        }

        // Members without a value are sent as `null`, not left out, as the API always did.
        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
        }
    }

    /// The session's site.
    package struct SiteRef: Codable, Sendable, Equatable {
        package var id: String?
        package var name: String

        package init(id: String? = nil, name: String) {
            self.id = id
            self.name = name
        }

        enum CodingKeys: String, CodingKey {
            case id
            case name
        }

        // Members without a value are sent as `null`, not left out, as the API always did.
        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
        }
    }

    package var id: String
    package var vehicle: CaptureSession.Vehicle
    package var mode: String
    package var status: String
    package var `operator`: Operator?
    package var device: DeviceRef?
    package var site: SiteRef
    package var startedAt: Date?
    package var completedAt: Date?
    package var imageCount: Int

    package init(
        id: String, vehicle: CaptureSession.Vehicle, mode: String, status: String, operator: Operator? = nil,
        device: DeviceRef? = nil, site: SiteRef, startedAt: Date? = nil, completedAt: Date? = nil, imageCount: Int
    ) {
        self.id = id
        self.vehicle = vehicle
        self.mode = mode
        self.status = status
        self.operator = `operator`
        self.device = device
        self.site = site
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.imageCount = imageCount
    }

    enum CodingKeys: String, CodingKey {
        case id
        case vehicle
        case mode
        case status
        case `operator`
        case device
        case site
        case startedAt = "started_at"
        case completedAt = "completed_at"
        case imageCount = "image_count"
    }

    // Members without a value are sent as `null`, not left out, as the API always did.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(vehicle, forKey: .vehicle)
        try container.encode(mode, forKey: .mode)
        try container.encode(status, forKey: .status)
        try container.encode(`operator`, forKey: .operator)
        try container.encode(device, forKey: .device)
        try container.encode(site, forKey: .site)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(completedAt, forKey: .completedAt)
        try container.encode(imageCount, forKey: .imageCount)
    }
}
