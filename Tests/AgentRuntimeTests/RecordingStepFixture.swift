@testable import AgentRuntime
import AgentCore
import AgentStore
import Foundation
import Logging
import RelayAPI
import TestFixtures

/// A recording's camera file of 250 bytes in a real queue database (SQLite in a temp folder), already
/// granted a multipart upload of 3 parts of 100 bytes (part 3 is 50), with an `UploadStep` whose backend
/// and part PUTs are scripted. What differs between tests is what the store says it holds.
struct RecordingStepFixture {
    static let partSize: Int64 = 100
    static let sessionKey = "recording:2026-11-22_Sunday_service"

    let folder: URL
    let file: URL
    let store: UploadQueueStore
    let item: UploadItem

    /// `recorded`: ETags this item already committed, by part number.
    static func make(recorded: [Int: String] = [:]) async throws -> RecordingStepFixture {
        let folder = try TestEnvironment.temporaryDirectory("agent-runtime-recording")
        let file = folder.appendingPathComponent("A_wide.mp4")
        try Data((0..<250).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }).write(to: file)
        let store = try UploadQueueStore.open(at: folder.appendingPathComponent("queue.sqlite"))
        let result = try store.intake(
            path: file.path, sha256: "sha-of-the-file", size: 250, mtime: 0, contentType: "video/mp4", sessionKey: sessionKey,
            frameCount: nil, cameraLabel: "A")
        guard case .queued(let queued) = result else { throw FixtureFailure("intake answered \(result)") }
        let machine = UploadStateMachine()
        try await store.apply(id: queued.id, expected: .discovered, machine.transition(from: .discovered, failures: 0, event: .qcFinished, jitter: 0))
        let urls = [1: "http://store/part1", 2: "http://store/part2", 3: "http://store/part3"]
        try await store.apply(
            id: queued.id, expected: .qcDone, machine.transition(from: .qcDone, failures: 0, event: .presigned, jitter: 0),
            update: {
                $0.assetId = "asset-1"
                $0.multipartUploadId = "upload-1"
                $0.partSize = partSize
                $0.partCount = 3
                $0.urlExpiresAt = Date().addingTimeInterval(3600).timeIntervalSince1970
            }, partURLs: urls)
        for (number, etag) in recorded { try await store.recordPart(itemId: queued.id, partNumber: number, etag: etag) }
        _ = try await store.sessionRow(key: sessionKey)
        try await store.setSessionServerId(key: sessionKey, serverId: "session-1")
        let item = try store.item(id: queued.id)
        guard let item, item.state == .presigned else { throw FixtureFailure("the item is not presigned: \(String(describing: item))") }
        return RecordingStepFixture(folder: folder, file: file, store: store, item: item)
    }

    /// The step under test, its backend and PUTs scripted; `windows` are the upload windows configured.
    func step(api: ScriptedRecordingAPI, sender: RecordingPartSender, windows: [UploadWindow] = []) -> UploadStep {
        let credentials = DeviceCredentials(
            server: "http://backend.invalid", orgId: "org", siteId: "site", deviceId: "device", privateKey: "", accessToken: "token",
            expiresAt: Date().addingTimeInterval(30 * 86_400), issuedAt: Date())
        let keeper = TokenKeeper(
            credentials: credentials, enrollment: Enrollment(store: CredentialStore(stateDirectory: folder)), refreshBefore: 60)
        var step = UploadStep(
            store: store, keeper: keeper, qc: EdgeQC(), put: sender,
            configuration: AgentConfiguration(stateDirectory: folder, recordingFolders: [folder], projectId: "p1", uploadWindows: windows),
            contact: ContactRecorder(), logger: Logger(label: "test"))
        step.recordingAPI = { _ in api }
        return step
    }

    /// The ETag S3 gives bytes `offset ..< offset + size` of the file.
    func etag(offset: Int64, size: Int64) throws -> String {
        RecordingPartSender.etag(try RecordingPartSender.bytes(of: file, offset: offset, size: size))
    }

    /// The item as the queue holds it now.
    func current() throws -> UploadItem {
        guard let item = try store.item(id: item.id) else { throw FixtureFailure("the item is gone") }
        return item
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// A window of an hour that starts an hour from now: closed now, whatever the time of day.
    static func closedWindow(now: Date = Date()) -> UploadWindow {
        let parts = Calendar.current.dateComponents([.hour, .minute], from: now)
        let minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        func text(_ m: Int) -> String { String(format: "%02d:%02d", (m % 1440) / 60, m % 60) }
        return UploadWindow("\(text(minute + 60))-\(text(minute + 120))")!
    }
}

struct FixtureFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
