/// One camera's file in `GET /v2/sessions/{id}/assets`.
public struct MulticamAsset: Codable, Sendable, Equatable {
    /// What probing the file found.
    public struct Metadata: Codable, Sendable, Equatable {
        public var durationMs: Int
        public var fps: Double?
        public var resolution: String?
        public var codec: String
        public var hasAudio: Bool
        public var audioCodec: String?
        public var variableFrameRate: Bool

        public init(
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
        public func encode(to encoder: any Encoder) throws {
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
    public struct Failure: Codable, Sendable, Equatable {
        public var code: APIErrorCode
        public var message: String

        public init(code: APIErrorCode, message: String) {
            self.code = code
            self.message = message
        }
    }

    /// A file made from the original (`proxy`, `mezzanine`, `audio-wav`).
    public struct Derivative: Codable, Sendable, Equatable {
        public var kind: String
        public var url: String?
        public var sizeBytes: Int64
        public var contentType: String

        public init(kind: String, url: String? = nil, sizeBytes: Int64, contentType: String) {
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
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(kind, forKey: .kind)
            try container.encode(url, forKey: .url)
            try container.encode(sizeBytes, forKey: .sizeBytes)
            try container.encode(contentType, forKey: .contentType)
        }
    }

    public var id: String
    public var cameraLabel: String
    public var status: String
    public var version: Int
    public var filename: String
    public var sizeBytes: Int64
    /// `null` while uploading.
    public var originalUrl: String?
    public var metadata: Metadata?
    /// e.g. `MISSING_AUDIO_TRACK`.
    public var issues: [String]
    public var error: Failure?
    /// Only with `includeDerivatives=true` (left out otherwise).
    public var derivatives: [Derivative]?

    public init(
        id: String, cameraLabel: String, status: String, version: Int, filename: String, sizeBytes: Int64,
        originalUrl: String? = nil, metadata: Metadata? = nil, issues: [String], error: Failure? = nil,
        derivatives: [Derivative]? = nil
    ) {
        self.id = id
        self.cameraLabel = cameraLabel
        self.status = status
        self.version = version
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
        case filename
        case sizeBytes
        case originalUrl
        case metadata
        case issues
        case error
        case derivatives
    }

    // Members without a value are sent as `null`, not left out, as the API always did.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(cameraLabel, forKey: .cameraLabel)
        try container.encode(status, forKey: .status)
        try container.encode(version, forKey: .version)
        try container.encode(filename, forKey: .filename)
        try container.encode(sizeBytes, forKey: .sizeBytes)
        try container.encode(originalUrl, forKey: .originalUrl)
        try container.encode(metadata, forKey: .metadata)
        try container.encode(issues, forKey: .issues)
        try container.encode(error, forKey: .error)
        try container.encodeIfPresent(derivatives, forKey: .derivatives)
    }
}
