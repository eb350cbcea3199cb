/// The body of `POST /v2/sessions/{id}/assets/{assetId}/complete`. Members are optional on the wire; the
/// server answers 400 `UPLOAD_FAILED` when one is missing.
package struct CompleteUploadRequest: Codable, Sendable, Equatable {
    /// A part and the ETag its `PUT` returned.
    package struct Part: Codable, Sendable, Equatable {
        package var partNumber: Int?
        package var etag: String?

        package init(partNumber: Int? = nil, etag: String? = nil) {
            self.partNumber = partNumber
            self.etag = etag
        }
    }

    package var uploadId: String?
    package var parts: [Part]?

    package init(uploadId: String? = nil, parts: [Part]? = nil) {
        self.uploadId = uploadId
        self.parts = parts
    }
}
