import Foundation

/// What `POST /v2/sessions/{id}/assets/init-upload` answers (seed 000): the asset, its open multipart
/// upload and a presigned URL per part.
struct MultipartGrant: Decodable, Sendable {
    struct Part: Decodable, Sendable {
        var partNumber: Int
        var uploadUrl: String
    }
    var assetId: String
    var uploadId: String
    var expiresAt: Date
    var partSize: Int64
    var partCount: Int
    var parts: [Part]
}
