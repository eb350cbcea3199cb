@testable import AgentRuntime
import Foundation
import RelayAPI
import RelayClient
import Synchronization

/// The backend as a recording's upload steps see it, scripted: what `GET …/parts` answers, what
/// `complete` answers, and a log of the calls made. No network.
final class ScriptedRecordingAPI: RecordingUploadAPI {
    enum Call: Equatable {
        case createSession, initUpload, acceptedParts, complete([Int])
    }

    let accessToken: String? = "token"
    private let accepted: Result<AcceptedParts, RelayClientError>
    private let calls = Mutex<[Call]>([])

    init(accepted: Result<AcceptedParts, RelayClientError>) {
        self.accepted = accepted
    }

    var made: [Call] { calls.withLock { $0 } }

    func createMulticamSession(_ request: CreateMulticamSessionRequest, idempotencyKey: String?) async throws -> MulticamSession {
        calls.withLock { $0.append(.createSession) }
        throw RelayClientError.unreachable(path: "/v2/sessions", underlying: CancellationError())
    }

    func initUpload(sessionId: String, _ request: InitUploadRequest) async throws -> MultipartGrant {
        calls.withLock { $0.append(.initUpload) }
        throw RelayClientError.unreachable(path: "init-upload", underlying: CancellationError())
    }

    func acceptedParts(sessionId: String, assetId: String) async throws -> AcceptedParts {
        calls.withLock { $0.append(.acceptedParts) }
        return try accepted.get()
    }

    func completeUpload(sessionId: String, assetId: String, _ request: CompleteUploadRequest) async throws -> CompletedUpload {
        calls.withLock { $0.append(.complete((request.parts ?? []).compactMap(\.partNumber))) }
        return CompletedUpload(assetId: assetId, status: "uploaded")
    }

    /// A refusal as the backend sends it: status, typed code, envelope.
    static func refusal(_ status: Int, _ code: APIErrorCode) -> RelayClientError {
        .http(status: status, envelope: ErrorEnvelope(error: ErrorBody(code: code, message: "\(code)"), requestId: "test"), retryAfter: nil)
    }
}
