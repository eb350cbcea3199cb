import AgentCore
import AgentStore
import Foundation
import RelayAPI
import RelayClient

/// A recording's camera file goes up as a seed 000 asset through a multipart upload:
/// init-upload (the part URLs are stored with the transition) → the parts, each `PUT` a byte range of
/// the file and its ETag committed on its own → complete. Before sending parts the store's list of
/// accepted parts is read, so after a kill only the parts it does not hold are sent again; an expired
/// grant is renewed by init-upload, which hands out fresh URLs for the same open upload. The upload window
/// is checked before every part, so a long transfer pauses when the window closes.
extension UploadStep {
    func runRecording(_ item: UploadItem) async throws {
        switch item.state {
        // Nothing to check at the edge for a video: it goes straight to the upload.
        case .discovered: try await record(item, .qcFinished)
        case .qcDone:
            guard configuration.windows(recording: item.isRecording).isOpen(at: Date()) else { return try await waitForWindow(item) }
            try await initUpload(item)
        case .presigned:
            guard configuration.windows(recording: item.isRecording).isOpen(at: Date()) else { return try await waitForWindow(item) }
            try await uploadParts(item)
        case .uploaded: try await completeUpload(item)
        case .acknowledged, .rejected: return
        }
    }

    func initUpload(_ item: UploadItem) async throws {
        if try await fileUnavailable(item, events: { _ in [] }) { return }
        let client = recordingAPI(try await keeper.client())
        let deviceId = await keeper.credentials.deviceId
        var usedSession: String?
        do {
            let sessionId = try await recordingSessionId(for: item, client: client)
            usedSession = sessionId
            let chapter = try store.chapter(of: item)
            let grant = try await client.initUpload(
                sessionId: sessionId,
                InitUploadRequest(
                    cameraLabel: item.cameraLabel ?? "", filename: URL(fileURLWithPath: item.path).lastPathComponent,
                    contentType: item.contentType, sizeBytes: item.size, chapter: chapter))
            contact.succeeded()
            guard grant.expiresAt.timeIntervalSince(serverNow()) > Self.urlMargin else {
                return try await record(item, .failed(.transient(reason: "the part URLs arrived expired (expire \(grant.expiresAt))", retryAfter: nil)))
            }
            guard grant.parts.count == grant.partCount, grant.partSize > 0 else {
                throw RelayClientError.badResponse(path: "init-upload", underlying: IncompleteGrant(grant: grant))
            }
            let urls = Dictionary(grant.parts.map { ($0.partNumber, $0.uploadUrl) }, uniquingKeysWith: { $1 })
            try await record(item, .presigned, partURLs: urls) {
                $0.assetId = grant.assetId
                $0.multipartUploadId = grant.uploadId
                $0.partSize = grant.partSize
                $0.partCount = grant.partCount
                $0.urlExpiresAt = grant.expiresAt.timeIntervalSince1970
                $0.chapter = chapter
            } events: { updated in
                [Self.recordingEvent(updated, type: "upload_started", deviceId: deviceId, sessionId: sessionId)]
            }
            logger.info("\(item.path): asset \(grant.assetId), \(grant.partCount) parts of \(grant.partSize) bytes")
        } catch let error as RelayClientError where error.code == .assetExists {
            contact.succeeded()
            let chapter = (try? store.chapter(of: item)) ?? 1
            let reason = "camera \(item.cameraLabel ?? "?") chapter \(chapter) already has another file in this recording: \(error)"
            logger.error("\(item.path): \(reason)")
            try await record(item, .failed(.permanent(reason: reason)), events: { [Self.recordingEvent($0, type: "upload_failed", deviceId: deviceId)] })
        } catch let error as RelayClientError where Self.needsNewSession(error) {
            try await reopenSession(item, error, sessionId: usedSession)
        } catch let error as RelayClientError {
            try await failed(item, error, client: client, deviceId: deviceId)
        }
    }

    func uploadParts(_ item: UploadItem) async throws {
        guard let sessionId = try await store.sessionRow(key: item.sessionKey).serverId, let assetId = item.assetId,
            let partSize = item.partSize, let partCount = item.partCount
        else { return try await record(item, .reupload(reason: "no open upload recorded")) }
        guard let expires = item.urlExpiresAt, expires > serverNow().timeIntervalSince1970 + Self.urlMargin else { return try await record(item, .urlExpired) }
        let file = URL(fileURLWithPath: item.path)
        let deviceId = await keeper.credentials.deviceId
        if try await fileUnavailable(item, events: { [Self.recordingEvent($0, type: "upload_failed", deviceId: deviceId)] }) { return }
        let client = recordingAPI(try await keeper.client())
        // What the store holds decides what is sent: parts sent before a kill whose ETag never reached the
        // queue are not sent again, and parts the queue thinks sent but the store lost are.
        let accepted: AcceptedParts
        do {
            accepted = try await client.acceptedParts(sessionId: sessionId, assetId: assetId)
            contact.succeeded()
        } catch let error as RelayClientError where error.code == .uploadCompleted {
            // Completed by an earlier run whose answer was lost: completing again says so, and acknowledges.
            return try await record(item, .putSucceeded)
        } catch let error as RelayClientError where error.code == .assetNotFound || error.code == .uploadNotFound {
            // The asset is gone, or the store no longer has its multipart upload (aborted by a lifecycle
            // rule): init-upload again, which opens a new upload (the backend marks the lost one failed).
            contact.succeeded()
            return try await record(item, .reupload(reason: "\(error)"))
        } catch let error as RelayClientError {
            return try await failed(item, error, client: client, deviceId: deviceId)
        }
        var held = Dictionary(
            accepted.parts.filter { $0.sizeBytes == Self.partLength(number: $0.partNumber, partSize: partSize, size: item.size) }
                .map { ($0.partNumber, $0.etag) },
            uniquingKeysWith: { $1 })
        // A held part this item never recorded (sent just before a kill, or left by an earlier upload of
        // other bytes to the same asset) is checked against the file when its ETag is a digest: a stale
        // one is sent again rather than completed into the recording.
        let recorded = Dictionary(try store.parts(itemId: item.id).compactMap { part in part.etag.map { (part.partNumber, Self.bare($0)) } }) { $1 }
        for (number, etag) in held where recorded[number] != Self.bare(etag) {
            guard let digest = PartDigest(etag: etag) else { continue }
            let length = Self.partLength(number: number, partSize: partSize, size: item.size)
            if try !digest.matches(file: file, offset: Int64(number - 1) * partSize, length: length) {
                held[number] = nil
                logger.notice("\(item.path): the store's part \(number) holds other bytes; sending it again")
            }
        }
        let already = try await store.reconcileParts(itemId: item.id, accepted: held)
        if !already.isEmpty { logger.info("\(item.path): the store holds \(already.count) of \(partCount) parts; sending the others") }
        var sent = 0
        for part in try store.parts(itemId: item.id) where part.etag == nil {
            try Task.checkCancellation()
            // A photo waiting with every worker busy goes first: stop between parts (after at least one,
            // so the recording always moves); the item stays due and continues from the store's parts.
            if sent > 0, await photoWaiting() {
                logger.info("\(item.path): a photo is waiting; pausing after part \(sent) of this run (\(partCount) in all)")
                return
            }
            // A multi-gigabyte file must not run on past the window's end: stop between parts; the parts
            // already stored stay, and the rest go at the next opening.
            guard configuration.windows(recording: item.isRecording).isOpen(at: Date()) else {
                let stored = try store.parts(itemId: item.id).filter { $0.etag != nil }.count
                logger.info("\(item.path): the upload window closed with \(stored) of \(partCount) parts stored; the rest wait for the next opening")
                return try await waitForWindow(item)
            }
            let offset = Int64(part.partNumber - 1) * partSize
            let length = Self.partLength(number: part.partNumber, partSize: partSize, size: item.size)
            switch await put.put(file: file, offset: offset, size: length, url: part.url, headers: [:], timeout: PresignedPut.putTimeout) {
            case .stored(let etag?):
                try await store.recordPart(itemId: item.id, partNumber: part.partNumber, etag: etag)
                sent += 1
                logger.info("\(item.path): part \(part.partNumber)/\(partCount) stored")
            case .stored(nil):
                return try await record(item, .failed(.transient(reason: "the store sent no ETag for part \(part.partNumber)", retryAfter: nil)))
            case .refused(let reason):
                return try await record(item, .reupload(reason: "part \(part.partNumber): \(reason)"))
            case .transient(let reason, let retryAfter):
                return try await record(item, .failed(.transient(reason: "part \(part.partNumber): \(reason)", retryAfter: retryAfter.map { .seconds($0) })))
            case .permanent(let reason):
                return try await record(
                    item, .failed(.permanent(reason: "part \(part.partNumber): \(reason)")),
                    events: { [Self.recordingEvent($0, type: "upload_failed", deviceId: deviceId)] })
            }
        }
        let parts = try store.parts(itemId: item.id)
        guard parts.count == partCount, parts.allSatisfy({ $0.etag != nil }) else {
            return try await record(item, .reupload(reason: "\(parts.filter { $0.etag != nil }.count) of \(partCount) parts recorded"))
        }
        try await record(item, .putSucceeded)
    }

    func completeUpload(_ item: UploadItem) async throws {
        guard let sessionId = try await store.sessionRow(key: item.sessionKey).serverId, let assetId = item.assetId,
            let uploadId = item.multipartUploadId
        else { return try await record(item, .reupload(reason: "no open upload recorded")) }
        let client = recordingAPI(try await keeper.client())
        let deviceId = await keeper.credentials.deviceId
        let parts = try store.parts(itemId: item.id).compactMap { part in part.etag.map { CompleteUploadRequest.Part(partNumber: part.partNumber, etag: $0) } }
        do {
            _ = try await client.completeUpload(sessionId: sessionId, assetId: assetId, CompleteUploadRequest(uploadId: uploadId, parts: parts))
            contact.succeeded()
        } catch let error as RelayClientError where error.code == .uploadCompleted {
            // An earlier run completed it and was killed before recording so.
            contact.succeeded()
        } catch let error as RelayClientError where error.code == .uploadFailed {
            // The store disagrees about the parts: read its list again and send what it lacks.
            contact.succeeded()
            return try await record(item, .reupload(reason: "\(error)"))
        } catch let error as RelayClientError {
            return try await failed(item, error, client: client, deviceId: deviceId)
        }
        try await record(
            item, .acknowledged,
            events: { updated in
                var event = Self.recordingEvent(updated, type: "upload_complete", deviceId: deviceId, sessionId: sessionId)
                event.meta = Self.meta(updated, sessionId: sessionId, extra: ["sha256": .string(updated.sha256)])
                return [event]
            })
        logger.info("uploaded \(item.path) as asset \(assetId) (camera \(item.cameraLabel ?? "?"))")
    }

    /// Network and HTTP failures of a recording's steps: as a photo's, with an `upload_failed` event about
    /// the device when the backend refuses the file for good.
    func failed(_ item: UploadItem, _ error: RelayClientError, client: any RecordingUploadAPI, deviceId: String) async throws {
        if case .http(let status, _, _) = error, status != 401, !Self.isTransient(status: status, code: error.code) {
            contact.succeeded()
            logger.error("backend refused \(item.path): \(error)")
            return try await record(item, .failed(.permanent(reason: "\(error)")), events: { [Self.recordingEvent($0, type: "upload_failed", deviceId: deviceId)] })
        }
        try await failed(item, error, token: client.accessToken)
    }

    /// An ETag without its quotes.
    static func bare(_ etag: String) -> String { etag.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }

    /// Bytes in part `number` (1-based): `partSize`, the last one what is left.
    static func partLength(number: Int, partSize: Int64, size: Int64) -> Int64 {
        max(0, min(partSize, size - Int64(number - 1) * partSize))
    }

    /// An outbox event about a recording's file. Assets are not event entities (seed 001 knows sessions,
    /// images and devices), so it is the device's event, with the asset in `meta`.
    static func recordingEvent(_ item: UploadItem, type: String, deviceId: String, sessionId: String? = nil) -> OutboxEvent {
        var event = OutboxEvent(
            idempotencyKey: "relay-agent.\(type).\(item.id)", entityType: "device", entityId: deviceId, type: type,
            meta: meta(item, sessionId: sessionId, extra: [:]), createdAt: Date().timeIntervalSince1970)
        if type == "upload_failed" { event.message = item.lastError.map { String($0.prefix(2000)) } }
        return event
    }

    static func meta(_ item: UploadItem, sessionId: String?, extra: [String: JSONValue]) -> String {
        var meta: [String: JSONValue] = [
            "file": .string(URL(fileURLWithPath: item.path).lastPathComponent), "bytes": .number(Double(item.size)),
            "camera_label": .string(item.cameraLabel ?? ""),
        ]
        if let assetId = item.assetId { meta["asset_id"] = .string(assetId) }
        if let sessionId { meta["recording_session_id"] = .string(sessionId) }
        meta.merge(extra) { $1 }
        return String(decoding: (try? JSONEncoder().encode(meta)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// The backend recording session of a recording folder, created on first use with the folder's
    /// idempotency key: the title and date from the folder's name (the file's day when it has none).
    func recordingSessionId(for item: UploadItem, client: any RecordingUploadAPI) async throws -> String {
        let row = try await store.sessionRow(key: item.sessionKey)
        if let id = row.serverId { return id }
        let name = String(item.sessionKey.dropFirst("recording:".count))
        guard let folder = RecordingFolder(name: name) else { throw UploadSetupError.notARecording(folder: name) }
        guard let projectId = configuration.projectId else { throw UploadSetupError.noProject }
        let modified = (try? FileManager.default.attributesOfItem(atPath: item.path))?[.modificationDate] as? Date
        let session = try await client.createMulticamSession(
            CreateMulticamSessionRequest(
                title: folder.title, date: folder.date ?? RecordingFolder.day(of: modified ?? Date(timeIntervalSince1970: item.createdAt)),
                projectId: projectId),
            idempotencyKey: row.idempotencyKey)
        let id = session.id
        try await store.setSessionServerId(key: item.sessionKey, serverId: id)
        logger.info("recording session \(id) for folder \(name)")
        return id
    }
}
