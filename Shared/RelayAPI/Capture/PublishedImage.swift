import Foundation

/// Answer of `POST /v1/images/{id}/publish`.
package struct PublishedImage: Codable, Sendable, Equatable {
    package var id: String
    package var status: String
    package var publishedAt: Date?

    package init(id: String, status: String, publishedAt: Date? = nil) {
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
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(status, forKey: .status)
        try container.encode(publishedAt, forKey: .publishedAt)
    }
}
