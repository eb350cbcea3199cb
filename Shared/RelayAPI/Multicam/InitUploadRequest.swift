/// Body of `POST /v2/sessions/{id}/assets/init-upload`.
public struct InitUploadRequest: Codable, Sendable, Equatable {
    /// One of the server's configured camera labels (400 `INVALID_CAMERA_LABEL` otherwise).
    public var cameraLabel: String?
    public var filename: String?
    public var contentType: String?
    public var sizeBytes: Int64?

    public init(
        cameraLabel: String? = nil, filename: String? = nil, contentType: String? = nil, sizeBytes: Int64? = nil
    ) {
        self.cameraLabel = cameraLabel
        self.filename = filename
        self.contentType = contentType
        self.sizeBytes = sizeBytes
    }
}
