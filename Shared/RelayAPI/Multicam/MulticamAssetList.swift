/// `GET /v2/sessions/{id}/assets`.
package struct MulticamAssetList: Codable, Sendable, Equatable {
    package var sessionId: String
    package var assets: [MulticamAsset]

    package init(sessionId: String, assets: [MulticamAsset]) {
        self.sessionId = sessionId
        self.assets = assets
    }
}
