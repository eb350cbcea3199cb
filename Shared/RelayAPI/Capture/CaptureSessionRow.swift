import Foundation

/// A row of `GET /v1/sessions`.
public struct CaptureSessionRow: Codable, Sendable, Equatable {
    /// The user who ran the session.
    public struct Operator: Codable, Sendable, Equatable {
        public var id: String?
        public var name: String?

        public init(id: String? = nil, name: String? = nil) {
            self.id = id
            self.name = name
        }

        enum CodingKeys: String, CodingKey {
            case id
            case name
        }

        // Members without a value are sent as `null`, not left out, as the API always did.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
        }
    }

    /// The device that captured the session.
    public struct DeviceRef: Codable, Sendable, Equatable {
        public var id: String?

        public init(id: String? = nil) {
            self.id = id
        }

        enum CodingKeys: String, CodingKey {
            case id
        }

        // Members without a value are sent as `null`, not left out, as the API always did.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
        }
    }

    /// The session's site.
    public struct SiteRef: Codable, Sendable, Equatable {
        public var id: String?
        public var name: String

        public init(id: String? = nil, name: String) {
            self.id = id
            self.name = name
        }

        enum CodingKeys: String, CodingKey {
            case id
            case name
        }

        // Members without a value are sent as `null`, not left out, as the API always did.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
        }
    }

    public var id: String
    public var vehicle: CaptureSession.Vehicle
    public var mode: String
    public var status: String
    public var `operator`: Operator?
    public var device: DeviceRef?
    public var site: SiteRef
    public var startedAt: Date?
    public var completedAt: Date?
    public var imageCount: Int

    public init(
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
    public func encode(to encoder: any Encoder) throws {
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
