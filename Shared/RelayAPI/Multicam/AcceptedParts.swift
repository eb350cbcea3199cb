/// `GET /v2/sessions/{id}/assets/{assetId}/parts`: the parts the store holds so far.
package struct AcceptedParts: Codable, Sendable, Equatable {
    /// A part the store holds.
    package struct Part: Codable, Sendable, Equatable {
        package var partNumber: Int
        package var etag: String
        package var sizeBytes: Int64

        package init(partNumber: Int, etag: String, sizeBytes: Int64) {
            self.partNumber = partNumber
            self.etag = etag
            self.sizeBytes = sizeBytes
        }
    }

    package var assetId: String
    package var uploadId: String
    package var partSize: Int64
    package var partCount: Int
    package var parts: [Part]

    package init(assetId: String, uploadId: String, partSize: Int64, partCount: Int, parts: [Part]) {
        self.assetId = assetId
        self.uploadId = uploadId
        self.partSize = partSize
        self.partCount = partCount
        self.parts = parts
    }
}
