/// Body of `POST /v2/sessions/{id}/assets/init-upload`.
package struct InitUploadRequest: Codable, Sendable, Equatable {
    /// One of the server's configured camera labels (400 `INVALID_CAMERA_LABEL` otherwise).
    package var cameraLabel: String?
    package var filename: String?
    package var contentType: String?
    package var sizeBytes: Int64?

    package init(
        cameraLabel: String? = nil, filename: String? = nil, contentType: String? = nil, sizeBytes: Int64? = nil
    ) {
        self.cameraLabel = cameraLabel
        self.filename = filename
        self.contentType = contentType
        self.sizeBytes = sizeBytes
    }
}
