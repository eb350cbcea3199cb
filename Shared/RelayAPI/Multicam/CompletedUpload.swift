/// Answer of `POST /v2/sessions/{id}/assets/{assetId}/complete`: the asset, queued for ingestion.
package struct CompletedUpload: Codable, Sendable, Equatable {
    package var assetId: String
    package var status: String
    /// A signed download URL of the original, when the store can sign one.
    package var originalUrl: String?
    package var ingestionJobId: String?

    package init(assetId: String, status: String, originalUrl: String? = nil, ingestionJobId: String? = nil) {
        self.assetId = assetId
        self.status = status
        self.originalUrl = originalUrl
        self.ingestionJobId = ingestionJobId
    }

    enum CodingKeys: String, CodingKey {
        case assetId
        case status
        case originalUrl
        case ingestionJobId
    }

    // Members without a value are sent as `null`, not left out, as the API always did.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(assetId, forKey: .assetId)
        try container.encode(status, forKey: .status)
        try container.encode(originalUrl, forKey: .originalUrl)
        try container.encode(ingestionJobId, forKey: .ingestionJobId)
    }
}
