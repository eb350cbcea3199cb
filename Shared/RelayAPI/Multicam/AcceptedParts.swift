/// `GET /v2/sessions/{id}/assets/{assetId}/parts`: the parts the store holds so far.
public struct AcceptedParts: Codable, Sendable, Equatable {
    /// A part the store holds.
    public struct Part: Codable, Sendable, Equatable {
        public var partNumber: Int
        public var etag: String
        public var sizeBytes: Int64

        public init(partNumber: Int, etag: String, sizeBytes: Int64) {
            self.partNumber = partNumber
            self.etag = etag
            self.sizeBytes = sizeBytes
        }
    }

    public var assetId: String
    public var uploadId: String
    public var partSize: Int64
    public var partCount: Int
    public var parts: [Part]

    public init(assetId: String, uploadId: String, partSize: Int64, partCount: Int, parts: [Part]) {
        self.assetId = assetId
        self.uploadId = uploadId
        self.partSize = partSize
        self.partCount = partCount
        self.parts = parts
    }
}
