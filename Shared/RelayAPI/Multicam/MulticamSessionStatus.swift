import Foundation

/// `GET /v2/sessions/{id}/status`: how far a session's assets and sync have come.
public struct MulticamSessionStatus: Codable, Sendable, Equatable {
    /// Asset counts by stage.
    public struct Assets: Codable, Sendable, Equatable {
        public var total: Int
        public var ingested: Int
        public var ready: Int
        public var failed: Int

        public init(total: Int, ingested: Int, ready: Int, failed: Int) {
            self.total = total
            self.ingested = ingested
            self.ready = ready
            self.failed = failed
        }
    }

    /// Where the session's sync stands.
    public struct Sync: Codable, Sendable, Equatable {
        public var computed: Bool
        public var running: Bool
        /// `approved` or `corrected` once reviewed.
        public var operatorStatus: String?

        public init(computed: Bool, running: Bool, operatorStatus: String? = nil) {
            self.computed = computed
            self.running = running
            self.operatorStatus = operatorStatus
        }

        enum CodingKeys: String, CodingKey {
            case computed
            case running
            case operatorStatus
        }

        // Members without a value are sent as `null`, not left out, as the API always did.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(computed, forKey: .computed)
            try container.encode(running, forKey: .running)
            try container.encode(operatorStatus, forKey: .operatorStatus)
        }
    }

    public var sessionId: String
    public var status: String
    public var assets: Assets
    public var sync: Sync
    public var readyForNextPhase: Bool
    public var updatedAt: Date?

    public init(
        sessionId: String, status: String, assets: Assets, sync: Sync, readyForNextPhase: Bool, updatedAt: Date? = nil
    ) {
        self.sessionId = sessionId
        self.status = status
        self.assets = assets
        self.sync = sync
        self.readyForNextPhase = readyForNextPhase
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case sessionId
        case status
        case assets
        case sync
        case readyForNextPhase
        case updatedAt
    }

    // Members without a value are sent as `null`, not left out, as the API always did.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sessionId, forKey: .sessionId)
        try container.encode(status, forKey: .status)
        try container.encode(assets, forKey: .assets)
        try container.encode(sync, forKey: .sync)
        try container.encode(readyForNextPhase, forKey: .readyForNextPhase)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}
