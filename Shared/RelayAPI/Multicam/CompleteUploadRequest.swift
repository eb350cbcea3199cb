/// The body of `POST /v2/sessions/{id}/assets/{assetId}/complete`. Members are optional on the wire; the
/// server answers 400 `UPLOAD_FAILED` when one is missing.
public struct CompleteUploadRequest: Codable, Sendable, Equatable {
    /// A part and the ETag its `PUT` returned.
    public struct Part: Codable, Sendable, Equatable {
        public var partNumber: Int?
        public var etag: String?

        public init(partNumber: Int? = nil, etag: String? = nil) {
            self.partNumber = partNumber
            self.etag = etag
        }
    }

    public var uploadId: String?
    public var parts: [Part]?

    public init(uploadId: String? = nil, parts: [Part]? = nil) {
        self.uploadId = uploadId
        self.parts = parts
    }
}
