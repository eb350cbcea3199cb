/// `GET /v2/sessions/{id}/assets`.
public struct MulticamAssetList: Codable, Sendable, Equatable {
    public var sessionId: String
    public var assets: [MulticamAsset]

    public init(sessionId: String, assets: [MulticamAsset]) {
        self.sessionId = sessionId
        self.assets = assets
    }
}
