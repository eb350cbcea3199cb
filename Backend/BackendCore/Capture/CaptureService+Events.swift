import Foundation
import RelayAPI

extension CaptureService {
    static let entityTypes: Set<String> = ["session", "image", "device"]
    static let eventTypes: Set<String> = ["upload_started", "upload_complete", "upload_failed", "qc_failed", "published", "heartbeat"]

    /// Validates the whole batch, checks the caller may post each event (`authorizeEvent`: org, site, device
    /// self, review role), then stores it in one transaction (all or nothing) and starts processing
    /// for every `upload_complete` of an image. Re-reporting an upload is harmless: an image already being
    /// processed or processed is not queued again. A failed image is queued again (a re-sent upload may
    /// fix it) until it has been processed `maxProcessingRuns` times; after that its `upload_complete` is
    /// refused with 409 `IMAGE_RETRY_LIMIT`. Events whose `idempotency_key` the org already used are
    /// acknowledged (counted) but not stored again.
    package func ingestEvents(_ identity: Identity, _ request: EventsRequest, now: Date = Date()) async throws -> Int {
        guard !request.events.isEmpty else { throw AppError.validation("events must not be empty", field: "events") }
        guard request.events.count <= Self.maxBatchSize else {
            throw AppError(
                status: 400, code: .batchTooLarge, message: "at most \(Self.maxBatchSize) events per request",
                details: ["max": .number(Double(Self.maxBatchSize)), "got": .number(Double(request.events.count))])
        }
        var records: [EventRecord] = []
        var uploads: [ImageRecord] = []
        var scopes: [String: (orgId: UUID, siteId: UUID?)?] = [:]
        for (index, event) in request.events.enumerated() {
            func invalid(_ message: String, _ field: String) -> AppError {
                AppError(status: 400, code: APIErrorCode.validation, message: "event \(index): \(message)",
                    details: ["index": .number(Double(index)), "field": .string(field)])
            }
            guard Self.entityTypes.contains(event.entityType) else { throw invalid("entity_type must be session, image or device", "entity_type") }
            guard Self.eventTypes.contains(event.type) else { throw invalid("unknown event type \(event.type)", "type") }
            guard event.type != "heartbeat" || event.entityType == "device" else {
                throw invalid("heartbeat events are for entity_type device", "entity_type")
            }
            guard let entityId = UUID(uuidString: event.entityId) else { throw invalid("entity_id must be a UUID", "entity_id") }
            if let message = event.message, message.count > 2000 { throw invalid("message is longer than 2000 characters", "message") }
            let meta = event.meta ?? [:]
            if (try? JSONEncoder().encode(meta).count) ?? 0 > 16_384 { throw invalid("meta is larger than 16 KiB", "meta") }
            if let key = event.idempotencyKey {
                guard (1...128).contains(key.utf8.count), key.utf8.allSatisfy(IdempotentRequest.isKeyByte) else {
                    throw invalid("idempotency_key must be 1–128 characters of A–Z a–z 0–9 . _ : -", "idempotency_key")
                }
                guard !records.contains(where: { $0.idempotencyKey == key }) else {
                    throw invalid("idempotency_key \(key) appears twice in the batch", "idempotency_key")
                }
            }
            try await authorizeEvent(
                identity, index: index, type: event.type, entityType: event.entityType, entityId: entityId, scopes: &scopes)
            if event.type == "upload_complete" && event.entityType == "image" {
                let image = try await accessibleImage(identity, id: entityId)
                let storedKey = BlobKey(image.storageKey)
                guard let storedKey, let stored = try await blobStore.head(key: storedKey) else {
                    throw AppError(status: 409, code: .uploadNotFound, message: "event \(index): no uploaded object for image \(entityId)",
                        details: ["index": .number(Double(index))])
                }
                guard stored.size > 0 else {
                    throw AppError(status: 409, code: .uploadEmpty, message: "event \(index): the uploaded object is empty",
                        details: ["index": .number(Double(index))])
                }
                guard image.status != .failed || image.processingRuns < Self.maxProcessingRuns else {
                    throw AppError(
                        status: 409, code: APIErrorCode.imageRetryLimit,
                        message: "event \(index): image \(entityId) failed processing \(image.processingRuns) times and is not queued again",
                        details: [
                            "index": .number(Double(index)), "runs": .number(Double(image.processingRuns)),
                            "max_runs": .number(Double(Self.maxProcessingRuns)),
                        ])
                }
                uploads.append(image)
            }
            records.append(
                EventRecord(
                    id: UUID(), orgId: identity.orgId, actorType: identity.isDevice ? "device" : "user", actorId: identity.subject,
                    entityType: event.entityType, entityId: entityId, type: event.type, message: event.message, meta: meta,
                    createdAt: now, idempotencyKey: event.idempotencyKey))
        }
        try await repository.insertEvents(records)
        // A device's own heartbeat (the last of the batch) is its health in the admin API.
        if identity.isDevice, let beat = records.last(where: { $0.type == "heartbeat" && $0.entityId == identity.subject }) {
            try await repository.recordHeartbeat(
                deviceId: identity.subject, orgId: identity.orgId, health: DeviceHealth(heartbeat: beat.meta, reportedAt: now))
        }
        for image in uploads {
            let job = NewJob(kind: Self.processJobKind, payload: #"{"image_id":"\#(Self.text(image.id))"}"#, maxAttempts: 3)
            _ = try await repository.startProcessing(id: image.id, maxRuns: Self.maxProcessingRuns, job: job)
        }
        return records.count
    }

    /// The audit log of one entity of the caller's org (reviewers and admins).
    package func events(_ identity: Identity, entityId: UUID) async throws -> [EventRecord] {
        guard identity.hasRole(.reviewer, .admin) else {
            throw AppError(status: 403, code: APIErrorCode.forbidden, message: "the event log needs the reviewer or admin role")
        }
        // Another org's entity, or one on a site the reviewer is not scoped to, does not exist for them.
        guard let scope = try await repository.entityScope(id: entityId), identity.canAccess(orgId: scope.orgId, siteId: scope.siteId) else {
            throw AppError(status: 404, code: APIErrorCode.notFound, message: "entity not found")
        }
        return try await repository.events(orgId: identity.orgId, entityId: entityId, limit: 1000)
    }

    // MARK: Images

    /// A session's images: studio360 by angle, others by creation time.
    package func images(_ identity: Identity, sessionId: UUID, status: ImageRecord.Status?) async throws -> [ImageRecord] {
        let session = try await accessibleSession(identity, id: sessionId)
        let images = try await repository.images(sessionId: sessionId, status: status)
        guard session.mode == .studio360 else { return images }
        return images.sorted { lhs, rhs in
            switch (lhs.angleDeg, rhs.angleDeg) {
            case let (l?, r?) where l != r: return l < r
            case (nil, _?): return false
            case (_?, nil): return true
            default: return lhs.createdAt < rhs.createdAt
            }
        }
    }

    /// Signed download URLs of the original and each thumbnail.
    package func downloadURLs(_ image: ImageRecord) async throws -> (original: String?, thumbnails: [String: String]) {
        var thumbnails: [String: String] = [:]
        for (size, key) in image.thumbKeys {
            if let blobKey = BlobKey(key) { thumbnails[size] = try await blobStore.presignGet(key: blobKey, expiresIn: Self.downloadURLLifetime).url }
        }
        var original: String?
        if image.status != .pending, let key = BlobKey(image.storageKey) {
            original = try await blobStore.presignGet(key: key, expiresIn: Self.downloadURLLifetime).url
        }
        return (original, thumbnails)
    }

    /// processed → published, by a reviewer or admin; records a `published` event.
    package func publish(_ identity: Identity, imageId: UUID, now: Date = Date()) async throws -> ImageRecord {
        guard identity.hasRole(.reviewer, .admin) else {
            throw AppError(status: 403, code: APIErrorCode.forbidden, message: "publishing needs the reviewer or admin role")
        }
        let image = try await accessibleImage(identity, id: imageId)
        guard try await repository.transitionImage(id: image.id, from: [.processed], to: .published, at: now) else {
            throw AppError(status: 409, code: .imageNotProcessed, message: "only processed images can be published (this one is \(image.status.rawValue))")
        }
        try await repository.insertEvents([
            EventRecord(
                id: UUID(), orgId: identity.orgId, actorType: "user", actorId: identity.subject, entityType: "image", entityId: image.id,
                type: "published", message: nil, meta: [:], createdAt: now)
        ])
        return try await repository.image(id: image.id) ?? image
    }
}
