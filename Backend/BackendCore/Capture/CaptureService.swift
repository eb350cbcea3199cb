import Foundation
import RelayAPI

/// Photo capture (seed 001): sessions, presigned uploads, ingest on `upload_complete`, images, publish and
/// the event log. Every lookup is scoped to the caller's org (another org's ids are 404) and site.
package struct CaptureService: Sendable {
    package let repository: any CaptureRepository
    package let admin: any AdminRepository
    package let blobStore: any BlobStore
    /// Sessions presigned into recently (see `ActiveSessionCache` for why no invalidation is needed).
    package let activeSessions: ActiveSessionCache
    /// One presign at a time per (session, SHA-256) in this process (keys name the session, so one
    /// serializer serves every service instance).
    static let presignSerializer = KeyedSerializer()
    /// Presigned upload URLs live this long (seed 001: 15 minutes).
    package static let uploadURLLifetime: Duration = .seconds(900)
    /// Signed download URLs in image details live this long.
    package static let downloadURLLifetime: Duration = .seconds(600)
    /// Most events one `POST /v1/events` may carry.
    package static let maxBatchSize = 100
    /// Most times one image is queued for processing (the first `upload_complete` and re-sent uploads of
    /// a failed image together); see `ingestEvents`.
    package static let maxProcessingRuns = 3
    /// Job kind that processes an uploaded image.
    package static let processJobKind = "image.process"

    /// Processing jobs are queued by `repository.startProcessing`, in the transaction that starts them.
    package init(
        repository: any CaptureRepository, admin: any AdminRepository, blobStore: any BlobStore,
        activeSessions: ActiveSessionCache = ActiveSessionCache()
    ) {
        self.repository = repository
        self.admin = admin
        self.blobStore = blobStore
        self.activeSessions = activeSessions
    }

    // MARK: Access

    /// The session if the caller's org owns it (else 404) and the caller may use its site (else 403).
    package func accessibleSession(_ identity: Identity, id: UUID) async throws -> CaptureSessionRecord {
        guard let session = try await repository.session(id: id), session.orgId == identity.orgId else {
            throw AppError(status: 404, code: .sessionNotFound, message: "session not found")
        }
        guard identity.canAccess(orgId: session.orgId, siteId: session.siteId) else {
            throw AppError(status: 403, code: APIErrorCode.forbidden, message: "no access to this session's site")
        }
        return session
    }

    /// The image if visible to the caller (same rules as its session).
    package func accessibleImage(_ identity: Identity, id: UUID) async throws -> ImageRecord {
        guard let image = try await repository.image(id: id), image.orgId == identity.orgId else {
            throw AppError(status: 404, code: .imageNotFound, message: "image not found")
        }
        guard identity.canAccess(orgId: image.orgId, siteId: image.siteId) else {
            throw AppError(status: 403, code: APIErrorCode.forbidden, message: "no access to this image's site")
        }
        return image
    }

    // MARK: Sessions

    /// Creates a session, upserting its vehicle by VIN or stock number. With an `idempotencyKey` (the
    /// `Idempotency-Key` header) a repeated request — a client retrying after a lost answer — gets the
    /// session the first one created instead of a second session. Keys belong to the caller, and the same
    /// key with another body is 422 (`IdempotentRequest`).
    package func createSession(_ identity: Identity, _ request: CreateSessionRequest, idempotencyKey: String? = nil, now: Date = Date())
        async throws -> (CaptureSessionRecord, VehicleRecord)
    {
        let idempotency = try IdempotentRequest(key: idempotencyKey, actor: identity.subject, route: "POST /v1/sessions", body: request)
        guard let siteId = UUID(uuidString: request.siteId) else { throw AppError.validation("site_id must be a UUID", field: "site_id") }
        guard let site = try await admin.site(id: siteId), site.orgId == identity.orgId else {
            throw AppError(status: 404, code: .siteNotFound, message: "site not found")
        }
        guard identity.canAccess(orgId: site.orgId, siteId: site.id) else {
            throw AppError(status: 403, code: APIErrorCode.forbidden, message: "no access to this site")
        }
        let vin = try Self.identifier(request.vehicle.vin, field: "vehicle.vin", pattern: Self.isVIN)
        let stock = try Self.identifier(request.vehicle.stock, field: "vehicle.stock", pattern: Self.isStock)
        guard vin != nil || stock != nil else {
            throw AppError.validation("vehicle needs a vin or a stock number", field: "vehicle")
        }
        guard let mode = CaptureSessionRecord.Mode(rawValue: request.mode) else {
            throw AppError.validation("mode must be studio360, walk360 or stills", field: "mode")
        }
        let shotList = try Self.validShotList(request.shotList ?? [:], mode: mode)
        guard let vehicle = try await repository.upsertVehicle(orgId: identity.orgId, vin: vin, stock: stock) else {
            throw AppError.conflict("vehicle could not be created")
        }
        let session = CaptureSessionRecord(
            id: UUID(), orgId: identity.orgId, siteId: siteId, vehicleId: vehicle.id, mode: mode, shotList: shotList,
            status: .active, operatorId: identity.isDevice ? nil : identity.subject,
            deviceId: identity.isDevice ? identity.subject : nil, startedAt: now, completedAt: nil)
        guard let idempotency else {
            try await repository.insertSession(session)
            return (session, vehicle)
        }
        guard let inserted = try await repository.insertSession(session, idempotency: idempotency) else {
            throw AppError.unavailable("the session for idempotency key \(idempotency.key) was not stored")
        }
        let (stored, fingerprint) = inserted
        try idempotency.checkReplay(of: fingerprint)
        guard stored.id != session.id else { return (session, vehicle) }
        guard let storedVehicle = try await repository.vehicle(id: stored.vehicleId) else {
            throw AppError.notFound("vehicle")
        }
        return (stored, storedVehicle)
    }

    /// active → complete | abandoned | failed; anything else is 409 `INVALID_STATUS_TRANSITION`.
    package func updateSession(_ identity: Identity, id: UUID, _ request: UpdateSessionRequest, now: Date = Date()) async throws
        -> CaptureSessionRecord
    {
        let session = try await accessibleSession(identity, id: id)
        guard let target = CaptureSessionRecord.Status(rawValue: request.status), target != .active else {
            throw AppError.validation("status must be complete, abandoned or failed", field: "status")
        }
        // RFC 3339 has four-digit years: a later instant could not be written back as a date-time.
        if let completedAt = request.completedAt, completedAt >= Date(timeIntervalSince1970: 253_402_300_800) {
            throw AppError.validation("completed_at must be before the year 10000", field: "completed_at")
        }
        if let completedAt = request.completedAt, completedAt < session.startedAt.addingTimeInterval(-60) {
            throw AppError.validation("completed_at is before the session started", field: "completed_at")
        }
        activeSessions.forget(id)
        guard session.status == .active,
            try await repository.updateSessionStatus(id: id, from: .active, to: target, completedAt: request.completedAt ?? now)
        else {
            throw AppError(
                status: 409, code: .invalidStatusTransition,
                message: "session is \(session.status.rawValue); only an active session can become \(target.rawValue)",
                details: ["from": .string(session.status.rawValue), "to": .string(target.rawValue)])
        }
        return try await repository.session(id: id) ?? session
    }

    static func identifier(_ value: String?, field: String, pattern: (String) -> Bool) throws -> String? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        guard pattern(value) else { throw AppError.validation("\(field) is not valid", field: field) }
        return value.uppercased()
    }

    /// 17 characters, letters and digits without I, O, Q (ISO 3779).
    static func isVIN(_ text: String) -> Bool {
        text.count == 17 && text.uppercased().allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) && !"IOQ".contains($0) }
    }

    /// Dealer stock numbers: 1–32 of letters, digits, `-`, `_`, `.`, `/`.
    static func isStock(_ text: String) -> Bool {
        (1...32).contains(text.count) && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./".contains($0)) }
    }

    static func validShotList(_ list: [String: JSONValue], mode: CaptureSessionRecord.Mode) throws -> [String: JSONValue] {
        var clean: [String: JSONValue] = [:]
        if let studio = list["studio360"] {
            guard case .object(let object) = studio, case .number(let count)? = object["frame_count"],
                count == count.rounded(), (1...720).contains(count)
            else { throw AppError.validation("shot_list.studio360.frame_count must be an integer 1–720", field: "shot_list.studio360") }
            clean["studio360"] = .object(["frame_count": .number(count)])
        }
        if let stills = list["stills"] {
            guard case .array(let items) = stills, items.count <= 200 else {
                throw AppError.validation("shot_list.stills must be a list of names", field: "shot_list.stills")
            }
            var names: [JSONValue] = []
            for item in items {
                guard case .string(let name) = item, (1...64).contains(name.count),
                    name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-".contains($0)) })
                else { throw AppError.validation("shot names are 1–64 of letters, digits, _ and -", field: "shot_list.stills") }
                names.append(.string(name))
            }
            guard Set(names).count == names.count else { throw AppError.validation("shot names repeat", field: "shot_list.stills") }
            clean["stills"] = .array(names)
        }
        if mode == .studio360, clean["studio360"] == nil {
            throw AppError.validation("studio360 sessions need shot_list.studio360.frame_count", field: "shot_list.studio360")
        }
        return clean
    }
}
