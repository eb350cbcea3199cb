import Foundation

/// `GET /v2/sessions/{id}/status`: how far a session's assets and sync have come.
package struct MulticamSessionStatus: Codable, Sendable, Equatable {
    /// Asset counts by stage.
    package struct Assets: Codable, Sendable, Equatable {
        package var total: Int
        package var ingested: Int
        package var ready: Int
        package var failed: Int

        package init(total: Int, ingested: Int, ready: Int, failed: Int) {
            self.total = total
            self.ingested = ingested
            self.ready = ready
            self.failed = failed
        }
    }

    /// Where the session's sync stands.
    package struct Sync: Codable, Sendable, Equatable {
        package var computed: Bool
        package var running: Bool
        /// `approved` or `corrected` once reviewed.
        package var operatorStatus: String?

        package init(computed: Bool, running: Bool, operatorStatus: String? = nil) {
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
        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(computed, forKey: .computed)
            try container.encode(running, forKey: .running)
            try container.encode(operatorStatus, forKey: .operatorStatus)
        }
    }

    package var sessionId: String
    package var status: String
    package var assets: Assets
    package var sync: Sync
    package var readyForNextPhase: Bool
    package var updatedAt: Date?

    package init(
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
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sessionId, forKey: .sessionId)
        try container.encode(status, forKey: .status)
        try container.encode(assets, forKey: .assets)
        try container.encode(sync, forKey: .sync)
        try container.encode(readyForNextPhase, forKey: .readyForNextPhase)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}
