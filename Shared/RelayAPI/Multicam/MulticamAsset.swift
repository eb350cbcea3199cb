/// One camera's file in `GET /v2/sessions/{id}/assets`.
package struct MulticamAsset: Codable, Sendable, Equatable {
    /// What probing the file found.
    package struct Metadata: Codable, Sendable, Equatable {
        package var durationMs: Int
        package var fps: Double?
        package var resolution: String?
        package var codec: String
        package var hasAudio: Bool
        package var audioCodec: String?
        package var variableFrameRate: Bool

        package init(
            durationMs: Int, fps: Double? = nil, resolution: String? = nil, codec: String, hasAudio: Bool,
            audioCodec: String? = nil, variableFrameRate: Bool
        ) {
            self.durationMs = durationMs
            self.fps = fps
            self.resolution = resolution
            self.codec = codec
            self.hasAudio = hasAudio
            self.audioCodec = audioCodec
            self.variableFrameRate = variableFrameRate
        }

        enum CodingKeys: String, CodingKey {
            case durationMs
            case fps
            case resolution
            case codec
            case hasAudio
            case audioCodec
            case variableFrameRate
        }

        // Members without a value are sent as `null`, not left out, as the API always did.
        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(durationMs, forKey: .durationMs)
            try container.encode(fps, forKey: .fps)
            try container.encode(resolution, forKey: .resolution)
            try container.encode(codec, forKey: .codec)
            try container.encode(hasAudio, forKey: .hasAudio)
            try container.encode(audioCodec, forKey: .audioCodec)
            try container.encode(variableFrameRate, forKey: .variableFrameRate)
        }
    }

    /// Why the asset failed: `UPLOAD_FAILED`, `INGESTION_FAILED` or `VFR_CONVERSION_FAILED`.
    package struct Failure: Codable, Sendable, Equatable {
        package var code: APIErrorCode
        package var message: String

        package init(code: APIErrorCode, message: String) {
            self.code = code
            self.message = message
        }
    }

    /// A file made from the original (`proxy`, `mezzanine`, `audio-wav`).
    package struct Derivative: Codable, Sendable, Equatable {
        package var kind: String
        package var url: String?
        package var sizeBytes: Int64
        package var contentType: String

        package init(kind: String, url: String? = nil, sizeBytes: Int64, contentType: String) {
            self.kind = kind
            self.url = url
            self.sizeBytes = sizeBytes
            self.contentType = contentType
        }

        enum CodingKeys: String, CodingKey {
            case kind
            case url
            case sizeBytes
            case contentType
        }

        // Members without a value are sent as `null`, not left out, as the API always did.
        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(kind, forKey: .kind)
            try container.encode(url, forKey: .url)
            try container.encode(sizeBytes, forKey: .sizeBytes)
            try container.encode(contentType, forKey: .contentType)
        }
    }

    package var id: String
    package var cameraLabel: String
    package var status: String
    package var version: Int
    /// The camera's file number (1 for its first; chapters of one recording count up).
    package var chapter: Int
    package var filename: String
    package var sizeBytes: Int64
    /// `null` while uploading.
    package var originalUrl: String?
    package var metadata: Metadata?
    /// e.g. `MISSING_AUDIO_TRACK`.
    package var issues: [String]
    package var error: Failure?
    /// Only with `includeDerivatives=true` (left out otherwise).
    package var derivatives: [Derivative]?

    package init(
        id: String, cameraLabel: String, status: String, version: Int, chapter: Int = 1, filename: String, sizeBytes: Int64,
        originalUrl: String? = nil, metadata: Metadata? = nil, issues: [String], error: Failure? = nil,
        derivatives: [Derivative]? = nil
    ) {
        self.id = id
        self.cameraLabel = cameraLabel
        self.status = status
        self.version = version
        self.chapter = chapter
        self.filename = filename
        self.sizeBytes = sizeBytes
        self.originalUrl = originalUrl
        self.metadata = metadata
        self.issues = issues
        self.error = error
        self.derivatives = derivatives
    }

    enum CodingKeys: String, CodingKey {
        case id
        case cameraLabel
        case status
        case version
        case chapter
        case filename
        case sizeBytes
        case originalUrl
        case metadata
        case issues
        case error
        case derivatives
    }

    // Members without a value are sent as `null`, not left out, as the API always did.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(cameraLabel, forKey: .cameraLabel)
        try container.encode(status, forKey: .status)
        try container.encode(version, forKey: .version)
        try container.encode(chapter, forKey: .chapter)
        try container.encode(filename, forKey: .filename)
        try container.encode(sizeBytes, forKey: .sizeBytes)
        try container.encode(originalUrl, forKey: .originalUrl)
        try container.encode(metadata, forKey: .metadata)
        try container.encode(issues, forKey: .issues)
        try container.encode(error, forKey: .error)
        try container.encodeIfPresent(derivatives, forKey: .derivatives)
    }
}
