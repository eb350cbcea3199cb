import Foundation

/// `GET /v1/images/{id}`: the row of `GET /v1/images` plus the detail members and signed URLs, all in
/// one flat object.
package struct CaptureImageDetail: Codable, Sendable, Equatable {
    /// The members the list shows.
    package var image: CaptureImage
    package var vehicleId: String?
    package var storageKey: String
    package var contentType: String
    package var contentSha256: String
    package var fileName: String
    package var width: Int?
    package var height: Int?
    package var exif: [String: JSONValue]
    package var processedAt: Date?
    /// A signed download URL of the original, when the store can sign one.
    package var originalUrl: String?
    /// Signed download URLs of the thumbnails, by size.
    package var thumbUrls: [String: String]
    /// The reshoot that replaced this image at its angle (the image then leaves the session's list).
    package var replacedBy: String?

    package init(
        image: CaptureImage, vehicleId: String?, storageKey: String, contentType: String, contentSha256: String,
        fileName: String,
        width: Int?, height: Int?, exif: [String: JSONValue], processedAt: Date?, originalUrl: String?,
        thumbUrls: [String: String], replacedBy: String? = nil
    ) {
        self.image = image
        self.vehicleId = vehicleId
        self.storageKey = storageKey
        self.contentType = contentType
        self.contentSha256 = contentSha256
        self.fileName = fileName
        self.width = width
        self.height = height
        self.exif = exif
        self.processedAt = processedAt
        self.originalUrl = originalUrl
        self.thumbUrls = thumbUrls
        self.replacedBy = replacedBy
    }

    enum CodingKeys: String, CodingKey {
        case width, height, exif
        case vehicleId = "vehicle_id"
        case storageKey = "storage_key"
        case contentType = "content_type"
        case contentSha256 = "content_sha256"
        case fileName = "file_name"
        case processedAt = "processed_at"
        case originalUrl = "original_url"
        case thumbUrls = "thumb_urls"
        case replacedBy = "replaced_by"
    }

    package init(from decoder: any Decoder) throws {
        image = try CaptureImage(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        vehicleId = try container.decodeIfPresent(String.self, forKey: .vehicleId)
        storageKey = try container.decode(String.self, forKey: .storageKey)
        contentType = try container.decode(String.self, forKey: .contentType)
        contentSha256 = try container.decode(String.self, forKey: .contentSha256)
        fileName = try container.decode(String.self, forKey: .fileName)
        width = try container.decodeIfPresent(Int.self, forKey: .width)
        height = try container.decodeIfPresent(Int.self, forKey: .height)
        exif = try container.decode([String: JSONValue].self, forKey: .exif)
        processedAt = try container.decodeIfPresent(Date.self, forKey: .processedAt)
        originalUrl = try container.decodeIfPresent(String.self, forKey: .originalUrl)
        thumbUrls = try container.decode([String: String].self, forKey: .thumbUrls)
        replacedBy = try container.decodeIfPresent(String.self, forKey: .replacedBy)
    }

    // The image's members and the detail members share one object; absent values are `null`.
    package func encode(to encoder: any Encoder) throws {
        try image.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(vehicleId, forKey: .vehicleId)
        try container.encode(storageKey, forKey: .storageKey)
        try container.encode(contentType, forKey: .contentType)
        try container.encode(contentSha256, forKey: .contentSha256)
        try container.encode(fileName, forKey: .fileName)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        try container.encode(exif, forKey: .exif)
        try container.encode(processedAt, forKey: .processedAt)
        try container.encode(originalUrl, forKey: .originalUrl)
        try container.encode(thumbUrls, forKey: .thumbUrls)
        try container.encode(replacedBy, forKey: .replacedBy)
    }
}
