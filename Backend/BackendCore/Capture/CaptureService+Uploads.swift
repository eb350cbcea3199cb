import Crypto
import Foundation
import RelayAPI

extension CaptureService {
    /// Creates a pending image and a presigned `PUT` URL bound to its content type and SHA-256.
    package func presign(_ identity: Identity, _ request: PresignRequest, now: Date = Date()) async throws -> PresignResponse {
        guard let sessionId = UUID(uuidString: request.sessionId) else {
            throw AppError.validation("session_id must be a UUID", field: "session_id")
        }
        let ext: String
        switch request.contentType.lowercased() {
        case "image/jpeg": ext = "jpg"
        case "image/heic": ext = "heic"
        default:
            throw AppError(
                status: 400, code: .unsupportedContentType, message: "content_type must be image/jpeg or image/heic",
                details: ["field": "content_type", "allowed": ["image/jpeg", "image/heic"]])
        }
        let sha = request.contentSha256.lowercased()
        guard sha.count == 64, sha.allSatisfy(\.isHexDigit) else {
            throw AppError.validation("content_sha256 must be 64 hex characters", field: "content_sha256")
        }
        let fileName = request.fileName.trimmingCharacters(in: .whitespaces)
        guard (1...255).contains(fileName.unicodeScalars.count), !fileName.contains(where: { $0.isNewline || $0 == "\0" }) else {
            throw AppError.validation("file_name must be 1–255 characters", field: "file_name")
        }
        let session = try await presignableSession(identity, id: sessionId)
        let angle = try Self.validAngle(request.angleDeg, session: session)
        let shot = try Self.validShot(request.shotName, session: session)
        // The same bytes presigned again into the same session (a client retrying after a lost answer)
        // get the same image and key, with a fresh URL: a photo is never in a session twice.
        return try await Self.presignSerializer.run(session.id.uuidString + sha) {
            try await presignOnce(
                session: session, sha: sha, fileName: fileName, angle: angle, reshoot: request.reshoot ?? false, shot: shot, ext: ext,
                contentType: request.contentType, now: now)
        }
    }

    /// The session to presign into: from `activeSessions` when this process saw it active (its insert
    /// checks that it still is), else read, access-checked and required active.
    private func presignableSession(_ identity: Identity, id: UUID) async throws -> CaptureSessionRecord {
        if let session = activeSessions.session(id) {
            guard session.orgId == identity.orgId else {
                throw AppError(status: 404, code: .sessionNotFound, message: "session not found")
            }
            guard identity.canAccess(orgId: session.orgId, siteId: session.siteId) else {
                throw AppError(status: 403, code: APIErrorCode.forbidden, message: "no access to this session's site")
            }
            return session
        }
        let session = try await accessibleSession(identity, id: id)
        activeSessions.store(session)
        try Self.requireActive(session)
        return session
    }

    static func requireActive(_ session: CaptureSessionRecord) throws {
        guard session.status == .active else {
            throw AppError(status: 409, code: .sessionNotActive, message: "session is \(session.status.rawValue); uploads need an active session")
        }
    }

    private func presignOnce(
        session: CaptureSessionRecord, sha: String, fileName: String, angle: Double?, reshoot: Bool, shot: String?, ext: String,
        contentType: String, now: Date
    ) async throws -> PresignResponse {
        let imageId = UUID()
        // The server builds the key; the client's file name never becomes part of a path.
        let key = StorageKeys.captureImage(orgId: session.orgId, siteId: session.siteId, sessionId: session.id, imageId: imageId, ext: ext)
        let image = ImageRecord(
            id: imageId, orgId: session.orgId, siteId: session.siteId, sessionId: session.id, vehicleId: session.vehicleId,
            storageKey: key.rawValue, contentType: contentType.lowercased(), sha256: sha, fileName: fileName,
            angleDeg: angle, shotName: shot, status: .pending, createdAt: now)
        // One statement on the common path: it checks the session is still active and has no image with
        // these bytes. One current image per angle: other bytes at a taken angle only as a declared reshoot.
        switch try await repository.insertPresigned(image, replacing: reshoot) {
        case .inserted:
            let url = try await blobStore.presignPut(key: key, contentType: image.contentType, sha256: sha, expiresIn: Self.uploadURLLifetime)
            return PresignResponse(imageId: Self.text(imageId), uploadURL: url.url, storageKey: key.rawValue, headers: url.headers, expiresAt: url.expiresAt)
        case .angleTaken:
            // Another image holds the angle (presigned earlier, by another process, or other bytes at once).
            guard let angle, let current = try await repository.image(sessionId: session.id, angle: angle) else {
                throw AppError.unavailable("the angle is being taken; try again")
            }
            throw Self.angleTaken(angle, by: current)
        case .notInserted:
            // The session stopped being active since this process last read it, or already has these bytes.
            guard let current = try await repository.session(id: session.id) else {
                activeSessions.forget(session.id)
                throw AppError(status: 404, code: .sessionNotFound, message: "session not found")
            }
            activeSessions.store(current)
            try Self.requireActive(current)
            guard let existing = try await repository.image(sessionId: session.id, sha256: sha), let existingKey = BlobKey(existing.storageKey)
            else {
                throw AppError.unavailable("the session changed while presigning; try again")
            }
            let url = try await blobStore.presignPut(key: existingKey, contentType: existing.contentType, sha256: sha, expiresIn: Self.uploadURLLifetime)
            return PresignResponse(
                imageId: Self.text(existing.id), uploadURL: url.url, storageKey: existingKey.rawValue, headers: url.headers,
                expiresAt: url.expiresAt)
        }
    }

    static func text(_ id: UUID) -> String { id.uuidString.lowercased() }

    static func angleTaken(_ angle: Double, by image: ImageRecord) -> AppError {
        AppError(
            status: 409, code: .angleTaken,
            message: "the session already has image \(text(image.id)) at \(angle)°; send a reshoot with \"reshoot\": true to replace it",
            details: ["angle_deg": .number(angle), "image_id": .string(text(image.id))])
    }

    /// studio360 angles are multiples of 360/frame_count in [0, 360); other modes take any angle in [0, 360).
    static func validAngle(_ angle: Double?, session: CaptureSessionRecord) throws -> Double? {
        guard let angle else { return nil }
        guard angle.isFinite, angle >= 0, angle < 360 else {
            throw AppError.validation("angle_deg must be in [0, 360)", field: "angle_deg")
        }
        if session.mode == .studio360, let frames = session.frameCount {
            let step = 360 / Double(frames)
            let index = (angle / step).rounded()
            guard abs(index * step - angle) < 1e-6 else {
                throw AppError(
                    status: 400, code: APIErrorCode.validation,
                    message: "angle_deg must be a multiple of \(step) for \(frames) frames",
                    details: ["field": "angle_deg", "step": .number(step)])
            }
        }
        return angle
    }

    static func validShot(_ shot: String?, session: CaptureSessionRecord) throws -> String? {
        guard let shot else { return nil }
        guard session.stills.contains(shot) else {
            throw AppError(
                status: 400, code: APIErrorCode.validation, message: "shot_name is not in the session's shot list",
                details: ["field": "shot_name", "allowed": .array(session.stills.map { .string($0) })])
        }
        return shot
    }
}
