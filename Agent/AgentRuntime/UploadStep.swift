import AgentCore
import AgentStore
import Foundation
import Logging
import RelayAPI
import RelayClient

/// Runs the next step of one queued file — QC, session + presign, PUT, or acknowledging
/// `upload_complete` — and records the outcome as one state-machine transition (one transaction). A
/// crash anywhere leaves the item in its last committed state, and every step is safe to repeat: the
/// session create carries an idempotency key, presigning the same bytes again returns the same image,
/// the PUT overwrites identical bytes, and `upload_complete` carries an idempotency key.
struct UploadStep: Sendable {
    let store: UploadQueueStore
    let keeper: TokenKeeper
    let qc: EdgeQC
    let put: any ByteRangeUploader
    let configuration: AgentConfiguration
    let machine = UploadStateMachine()
    let contact: ContactRecorder
    let logger: Logger
    /// The recording steps' view of the backend: the keeper's client itself, unless a test scripts it.
    var recordingAPI: @Sendable (RelayClient) -> any RecordingUploadAPI = { $0 }
    /// Whether a recording in flight should stop after its current part for a waiting photo
    /// (`WorkBoard.photoWaiting`); never, unless the daemon wires its board in.
    var photoWaiting: @Sendable () async -> Bool = { false }

    func run(_ item: UploadItem) async throws {
        if item.isRecording { return try await runRecording(item) }
        switch item.state {
        case .discovered: try await check(item)
        case .qcDone:
            guard configuration.windows(recording: item.isRecording).isOpen(at: Date()) else { return try await waitForWindow(item) }
            try await presign(item)
        case .presigned:
            guard configuration.windows(recording: item.isRecording).isOpen(at: Date()) else { return try await waitForWindow(item) }
            try await upload(item)
        case .uploaded: try await acknowledge(item)
        case .acknowledged, .rejected: return
        }
    }

    // MARK: Steps

    func check(_ item: UploadItem) async throws {
        if try await fileUnavailable(item, events: { _ in [] }) { return }
        let report = qc.check(file: URL(fileURLWithPath: item.path))
        let result = try await judgeAgainstSession(item, report.qc)
        let json = String(decoding: (try? JSONEncoder().encode(result)) ?? Data("{}".utf8), as: UTF8.self)
        let status = result.status.rawValue
        if result.status == .fail {
            let reason = [result.sharpness.reason, result.exposure.reason].compactMap { $0 }.joined(separator: "; ")
            logger.warning("QC failed: \(item.path) (angle \(item.angleDeg.map { "\($0)" } ?? "-")): \(reason)")
        }
        try await record(item, .qcFinished) { $0.qcStatus = status; $0.qcJSON = json }
    }

    func presign(_ item: UploadItem) async throws {
        // A file that moved is followed by intake first: it may belong to another session now.
        if try await fileUnavailable(item, events: { _ in [] }) { return }
        let client = try await keeper.client()
        var usedSession: String?
        do {
            let sessionId = try await sessionId(for: item.sessionKey, client: client)
            usedSession = sessionId
            let response = try await client.presign(
                PresignRequest(
                    sessionId: sessionId, fileName: URL(fileURLWithPath: item.path).lastPathComponent, contentType: item.contentType,
                    contentSha256: item.sha256, angleDeg: item.angleDeg, reshoot: item.reshoot ? true : nil))
            contact.succeeded()
            // A URL that is expired by the time it arrives (as the server's clock has it) is not stored:
            // asking again at once would loop, so the item waits its backoff.
            guard response.expiresAt.timeIntervalSince(serverNow()) > Self.urlMargin else {
                return try await record(item, .failed(.transient(reason: "the presigned URL arrived expired (expires \(response.expiresAt))", retryAfter: nil)))
            }
            let headers = String(decoding: try JSONEncoder().encode(response.headers), as: UTF8.self)
            let deviceId = await keeper.credentials.deviceId
            try await record(item, .presigned) {
                $0.imageId = response.imageId
                $0.uploadURL = response.uploadURL
                $0.uploadHeaders = headers
                $0.urlExpiresAt = response.expiresAt.timeIntervalSince1970
            } events: { updated in
                var events = [Self.event(updated, type: "upload_started", deviceId: deviceId, meta: ["bytes": .number(Double(updated.size))])]
                if updated.qcStatus == "fail" {
                    var meta: [String: JSONValue] = ["file": .string(URL(fileURLWithPath: updated.path).lastPathComponent)]
                    if let json = updated.qcJSON, let qc = try? JSONDecoder().decode(JSONValue.self, from: Data(json.utf8)) { meta["qc"] = qc }
                    if let angle = updated.angleDeg { meta["angle_deg"] = .number(angle) }
                    events.append(Self.event(updated, type: "qc_failed", deviceId: deviceId, meta: meta))
                }
                return events
            }
        } catch let error as RelayClientError where Self.needsNewSession(error) {
            try await reopenSession(item, error, sessionId: usedSession)
        } catch let error as RelayClientError {
            try await failed(item, error, token: client.accessToken)
        }
    }

    func upload(_ item: UploadItem) async throws {
        guard let url = item.uploadURL, let expires = item.urlExpiresAt, expires > serverNow().timeIntervalSince1970 + Self.urlMargin else {
            return try await record(item, .urlExpired)
        }
        let headers = item.uploadHeaders.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:]
        let file = URL(fileURLWithPath: item.path)
        if try await fileUnavailable(item, events: failureEvents) { return }
        switch await put.put(file: file, offset: 0, size: item.size, url: url, headers: headers, timeout: PresignedPut.putTimeout) {
        case .stored: try await record(item, .putSucceeded)
        case .refused(let reason): try await record(item, .reupload(reason: reason))
        case .transient(let reason, let retryAfter):
            try await record(item, .failed(.transient(reason: reason, retryAfter: retryAfter.map { .seconds($0) })))
        case .permanent(let reason):
            try await record(item, .failed(.permanent(reason: reason)), events: failureEvents)
        }
    }

    func acknowledge(_ item: UploadItem) async throws {
        guard let imageId = item.imageId else { return try await record(item, .reupload(reason: "no image id")) }
        let client = try await keeper.client()
        do {
            let deviceId = await keeper.credentials.deviceId
            _ = try await client.postEvents([Self.event(item, type: "upload_complete", deviceId: deviceId, meta: ["sha256": .string(item.sha256)]).input])
            contact.succeeded()
            try await record(item, .acknowledged)
            logger.info("uploaded \(item.path) as image \(imageId)")
        } catch let error as RelayClientError where error.code == .uploadNotFound || error.code == .uploadEmpty {
            try await record(item, .reupload(reason: "\(error)"))
        } catch let error as RelayClientError {
            try await failed(item, error, token: client.accessToken)
        }
    }

    // MARK: Outcomes

    /// Network and HTTP failures of a step; a 401 refreshes `token` once.
    func failed(_ item: UploadItem, _ error: RelayClientError, token: String?) async throws {
        switch error {
        case .unreachable, .badResponse:
            contact.failed("\(error)")
            try await record(item, .failed(.transient(reason: "\(error)", retryAfter: nil)))
        case .http(let status, _, let retryAfter):
            contact.succeeded()
            if status == 401 {
                try await record(item, .failed(.unauthorized))
                try await keeper.unauthorized(token: token)
            } else if Self.isTransient(status: status, code: error.code) {
                try await record(item, .failed(.transient(reason: "\(error)", retryAfter: retryAfter.map { .seconds($0) })))
            } else {
                logger.error("backend refused \(item.path): \(error)")
                try await record(item, .failed(.permanent(reason: "\(error)")), events: failureEvents)
            }
        }
    }

    func waitForWindow(_ item: UploadItem) async throws {
        let opening = configuration.windows(recording: item.isRecording).nextOpening(after: Date()) ?? Date().addingTimeInterval(60)
        try await store.waitForWindow(id: item.id, expected: item.state, until: opening)
    }

    func failureEvents(_ item: UploadItem) -> [OutboxEvent] {
        guard item.state == .rejected, let imageId = item.imageId else { return [] }
        var event = Self.event(item, type: "upload_failed", deviceId: "", meta: ["file": .string(item.path)])
        event.entityId = imageId
        event.message = item.lastError.map { String($0.prefix(2000)) }
        return [event]
    }

    /// Applies `event`'s transition to the item, in one transaction with the events it raises.
    func record(
        _ item: UploadItem, _ event: UploadEvent, partURLs: [Int: String] = [:], update: @escaping @Sendable (inout UploadItem) -> Void = { _ in },
        events: @escaping @Sendable (UploadItem) -> [OutboxEvent] = { _ in [] }
    ) async throws {
        // A step cancelled at shutdown records nothing: the item stays in its last committed state and the
        // next start repeats the step (every step is safe to repeat).
        try Task.checkCancellation()
        let transition = machine.transition(from: item.state, failures: item.failures, event: event, jitter: Double.random(in: 0...1))
        // Retention of originals counts from the acknowledgement by the server's clock (see `UploadItem.acknowledgedAt`).
        let acknowledgedAt = item.state != .acknowledged && transition.state == .acknowledged ? serverNow().timeIntervalSince1970 : nil
        let stamped: @Sendable (inout UploadItem) -> Void = { item in
            update(&item)
            if let acknowledgedAt { item.acknowledgedAt = acknowledgedAt }
        }
        let place = (path: item.path, sessionKey: item.sessionKey)
        let applied = try await store.apply(
            id: item.id, expected: item.state, sha256: item.sha256, place: place, transition, update: stamped, partURLs: partURLs
        ) { updated in
            var after = updated
            after.state = transition.state
            after.lastError = transition.error ?? updated.lastError
            return events(after)
        }
        guard applied else { return }
        if let error = transition.error, transition.state != .rejected {
            logger.notice("\(item.path): \(error); retry in \(transition.delay.map { "\($0)" } ?? "0 s")")
        }
    }

    /// One outbox event about the item's image (or the device, before an image exists), keyed by item and type.
    static func event(_ item: UploadItem, type: String, deviceId: String, meta: [String: JSONValue]) -> OutboxEvent {
        let metaJSON = String(decoding: (try? JSONEncoder().encode(meta)) ?? Data("{}".utf8), as: UTF8.self)
        return OutboxEvent(
            idempotencyKey: "relay-agent.\(type).\(item.id)", entityType: item.imageId == nil ? "device" : "image",
            entityId: item.imageId ?? deviceId, type: type, meta: metaJSON, createdAt: Date().timeIntervalSince1970)
    }

    // MARK: Sessions

    /// The backend session of a capture folder, created on first use with the folder's idempotency key.
    func sessionId(for key: String, client: RelayClient) async throws -> String {
        let row = try await store.sessionRow(key: key)
        if let id = row.serverId { return id }
        guard let folder = CaptureFolder(name: key) else { throw UploadSetupError.noVehicle(folder: key) }
        let credentials = await keeper.credentials
        guard let siteId = configuration.siteId ?? credentials.siteId else {
            throw UploadSetupError.noSite
        }
        var shotList: [String: JSONValue]?
        if configuration.sessionMode == "studio360" { shotList = ["studio360": .object(["frame_count": .number(Double(configuration.frameCount))])] }
        let session = try await client.createSession(
            CreateSessionRequest(siteId: siteId, vehicle: .init(vin: folder.vin, stock: folder.stock), mode: configuration.sessionMode, shotList: shotList),
            idempotencyKey: row.idempotencyKey)
        let id = session.id
        try await store.setSessionServerId(key: key, serverId: id)
        logger.info("session \(id) for folder \(key)")
        return id
    }
}

extension OutboxEvent {
    /// The event as `POST /v1/events` takes it.
    var input: EventInput {
        let metaValue = meta.flatMap { try? JSONDecoder().decode([String: JSONValue].self, from: Data($0.utf8)) }
        return EventInput(entityType: entityType, entityId: entityId, type: type, message: message, meta: metaValue, idempotencyKey: idempotencyKey)
    }
}
