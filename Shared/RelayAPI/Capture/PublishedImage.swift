import Foundation

/// Answer of `POST /v1/images/{id}/publish`.
public struct PublishedImage: Codable, Sendable, Equatable {
    public var id: String
    public var status: String
    public var publishedAt: Date?

    public init(id: String, status: String, publishedAt: Date? = nil) {
        self.id = id
        self.status = status
        self.publishedAt = publishedAt
    }

    enum CodingKeys: String, CodingKey {
        case id
        case status
        case publishedAt = "published_at"
    }

    // Members without a value are sent as `null`, not left out, as the API always did.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(status, forKey: .status)
        try container.encode(publishedAt, forKey: .publishedAt)
    }
}
