import Foundation

/// A row of `GET /v2/sessions`: the session with its derived status and asset counts (seed 000's names).
package struct MulticamSessionRow: Codable, Sendable, Equatable {
    package var session: MulticamSession
    package var assets: MulticamSessionStatus.Assets
    package var readyForNextPhase: Bool

    package init(session: MulticamSession, assets: MulticamSessionStatus.Assets, readyForNextPhase: Bool) {
        self.session = session
        self.assets = assets
        self.readyForNextPhase = readyForNextPhase
    }

    enum CodingKeys: String, CodingKey {
        case assets, readyForNextPhase
    }

    // The session's members at the top level, beside the counts.
    package init(from decoder: any Decoder) throws {
        session = try MulticamSession(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        assets = try container.decode(MulticamSessionStatus.Assets.self, forKey: .assets)
        readyForNextPhase = try container.decode(Bool.self, forKey: .readyForNextPhase)
    }

    package func encode(to encoder: any Encoder) throws {
        try session.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(assets, forKey: .assets)
        try container.encode(readyForNextPhase, forKey: .readyForNextPhase)
    }
}
