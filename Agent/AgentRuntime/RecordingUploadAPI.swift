import RelayAPI
import RelayClient

/// The backend calls a recording's upload steps make (seed 000's session, init-upload, parts list and
/// complete): `RelayClient` in the daemon, a scripted fake in AgentRuntimeTests, so the step logic (part
/// reconciliation, digest checks, upload windows) is tested without a network.
protocol RecordingUploadAPI: Sendable {
    /// The bearer token the calls carry (a 401 refreshes it once).
    var accessToken: String? { get }
    func createMulticamSession(_ request: CreateMulticamSessionRequest, idempotencyKey: String?) async throws -> MulticamSession
    func initUpload(sessionId: String, _ request: InitUploadRequest) async throws -> MultipartGrant
    func acceptedParts(sessionId: String, assetId: String) async throws -> AcceptedParts
    func completeUpload(sessionId: String, assetId: String, _ request: CompleteUploadRequest) async throws -> CompletedUpload
}

extension RelayClient: RecordingUploadAPI {}
