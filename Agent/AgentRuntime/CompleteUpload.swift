/// The body of `POST /v2/sessions/{id}/assets/{assetId}/complete`.
struct CompleteUpload: Encodable, Sendable {
    struct Part: Encodable, Sendable {
        var partNumber: Int
        var etag: String
    }
    var uploadId: String
    var parts: [Part]
}
