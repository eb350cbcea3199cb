import Foundation

/// What `POST /v2/sessions/{id}/assets/init-upload` answers (seed 000): the asset, its open multipart
/// upload and a presigned URL per part.
package struct MultipartGrant: Codable, Sendable, Equatable {
    /// One part's presigned `PUT` URL.
    package struct Part: Codable, Sendable, Equatable {
        /// 1-based.
        package var partNumber: Int
        package var uploadUrl: String

        package init(partNumber: Int, uploadUrl: String) {
            self.partNumber = partNumber
            self.uploadUrl = uploadUrl
        }
    }

    package var assetId: String
    package var uploadId: String
    /// The first part's URL (seed 000's single-URL field); `null` without parts.
    package var uploadUrl: String?
    package var expiresAt: Date
    package var partSize: Int64
    package var partCount: Int
    package var parts: [Part]

    package init(
        assetId: String, uploadId: String, uploadUrl: String? = nil, expiresAt: Date, partSize: Int64, partCount: Int,
        parts: [Part]
    ) {
        self.assetId = assetId
        self.uploadId = uploadId
        self.uploadUrl = uploadUrl
        self.expiresAt = expiresAt
        self.partSize = partSize
        self.partCount = partCount
        self.parts = parts
    }

    enum CodingKeys: String, CodingKey {
        case assetId
        case uploadId
        case uploadUrl
        case expiresAt
        case partSize
        case partCount
        case parts
    }

    // Members without a value are sent as `null`, not left out, as the API always did.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(assetId, forKey: .assetId)
        try container.encode(uploadId, forKey: .uploadId)
        try container.encode(uploadUrl, forKey: .uploadUrl)
        try container.encode(expiresAt, forKey: .expiresAt)
        try container.encode(partSize, forKey: .partSize)
        try container.encode(partCount, forKey: .partCount)
        try container.encode(parts, forKey: .parts)
    }
}
