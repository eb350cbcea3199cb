/// Body of `POST /v2/sessions/{id}/assets/init-upload`.
package struct InitUploadRequest: Codable, Sendable, Equatable {
    /// One of the server's configured camera labels (400 `INVALID_CAMERA_LABEL` otherwise).
    package var cameraLabel: String?
    package var filename: String?
    package var contentType: String?
    package var sizeBytes: Int64?
    /// The camera's file number, 1…999 (default 1): a camera that recorded in several files (chapters)
    /// sends one init-upload per file.
    package var chapter: Int?

    package init(
        cameraLabel: String? = nil, filename: String? = nil, contentType: String? = nil, sizeBytes: Int64? = nil, chapter: Int? = nil
    ) {
        self.cameraLabel = cameraLabel
        self.filename = filename
        self.contentType = contentType
        self.sizeBytes = sizeBytes
        self.chapter = chapter
    }
}
