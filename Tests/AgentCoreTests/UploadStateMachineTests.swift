import AgentCore
import Testing

@Suite("Upload state machine")
struct UploadStateMachineTests {
    let machine = UploadStateMachine()

    /// (from, failures, event) → (to, failures, delay seconds or nil, token refresh)
    static let table: [(UploadState, Int, UploadEvent, UploadState, Int, Int?, Bool)] = [
        (.discovered, 0, .qcFinished, .qcDone, 0, nil, false),
        (.qcDone, 2, .presigned, .presigned, 0, nil, false),
        (.presigned, 0, .putSucceeded, .uploaded, 0, nil, false),
        (.uploaded, 1, .acknowledged, .acknowledged, 0, nil, false),
        (.presigned, 0, .urlExpired, .qcDone, 0, nil, false),
        (.presigned, 0, .reupload(reason: "403"), .qcDone, 1, 1, false),
        (.uploaded, 2, .reupload(reason: "UPLOAD_NOT_FOUND"), .qcDone, 3, 4, false),
        (.qcDone, 0, .reupload(reason: "late"), .qcDone, 0, nil, false),
        (.qcDone, 0, .failed(.transient(reason: "offline", retryAfter: nil)), .qcDone, 1, 1, false),
        (.qcDone, 3, .failed(.transient(reason: "offline", retryAfter: nil)), .qcDone, 4, 8, false),
        (.presigned, 9, .failed(.transient(reason: "503", retryAfter: nil)), .presigned, 10, 300, false),
        (.qcDone, 0, .failed(.transient(reason: "429", retryAfter: .seconds(42))), .qcDone, 1, 42, false),
        (.uploaded, 0, .failed(.unauthorized), .uploaded, 1, 1, true),
        (.qcDone, 0, .failed(.permanent(reason: "SESSION_NOT_ACTIVE")), .rejected, 1, nil, false),
        (.acknowledged, 0, .failed(.permanent(reason: "late")), .acknowledged, 0, nil, false),
        (.uploaded, 0, .putSucceeded, .uploaded, 0, nil, false),
        (.discovered, 0, .acknowledged, .discovered, 0, nil, false),
    ]

    @Test(arguments: Self.table.indices)
    func row(_ index: Int) {
        let (from, failures, event, to, nextFailures, delay, refresh) = Self.table[index]
        let transition = machine.transition(from: from, failures: failures, event: event, jitter: 1)
        #expect(transition.state == to)
        #expect(transition.failures == nextFailures)
        #expect(transition.delay == delay.map { .seconds($0) })
        #expect(transition.needsTokenRefresh == refresh)
    }

    @Test("every non-terminal state survives a transient failure in place")
    func transientKeepsState() {
        for state in UploadState.allCases where !state.isTerminal {
            let transition = machine.transition(from: state, failures: 0, event: .failed(.transient(reason: "x", retryAfter: nil)), jitter: 0.5)
            #expect(transition.state == state)
            #expect(transition.error == "x")
        }
    }
}
