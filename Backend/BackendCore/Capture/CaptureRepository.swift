import Foundation
import RelayAPI

/// Persistence for photo capture: vehicles, sessions, images, events. State changes are conditional
/// single statements (`… WHERE status = expected`), so concurrent requests cannot both change a row.
package protocol CaptureRepository: Sendable {
    /// Finds the org's vehicle by VIN (first) or stock number, filling in whichever was missing, or creates it;
    /// nil when concurrent requests kept taking the same VIN/stock pair in between (after a few tries).
    func upsertVehicle(orgId: UUID, vin: String?, stock: String?) async throws -> VehicleRecord?
    func vehicle(id: UUID) async throws -> VehicleRecord?

    func insertSession(_ session: CaptureSessionRecord) async throws
    /// Inserts the session under the actor's idempotency key unless the actor already has a session with
    /// that key; returns whichever session now holds the key and the fingerprint stored with it, or nil if
    /// the row holding the key vanished in between.
    func insertSession(_ session: CaptureSessionRecord, idempotency: IdempotentRequest) async throws
        -> (session: CaptureSessionRecord, fingerprint: String?)?
    func session(id: UUID) async throws -> CaptureSessionRecord?
    /// Changes status only if it is still `from`; false otherwise.
    func updateSessionStatus(id: UUID, from: CaptureSessionRecord.Status, to: CaptureSessionRecord.Status, completedAt: Date?) async throws -> Bool
    func sessions(_ query: SessionQuery) async throws -> (rows: [SessionSummary], total: Int)

    /// Inserts a presigned image, pending its upload, in one statement that also checks that its session
    /// is still active and has no image with the same bytes (`.notInserted` otherwise). An image with an
    /// angle becomes the session's one current image at that angle: with `replacing`, the current one
    /// (if any) gets `replaced_by` in the same transaction; without, an angle already taken answers
    /// `.angleTaken`. Nothing is written unless the image is.
    func insertPresigned(_ image: ImageRecord, replacing: Bool) async throws -> PresignedImageInsert
    /// The session's current image (not replaced) at `angle`.
    func image(sessionId: UUID, angle: Double) async throws -> ImageRecord?
    func image(id: UUID) async throws -> ImageRecord?
    /// The session's image with these bytes, if one was presigned already.
    func image(sessionId: UUID, sha256: String) async throws -> ImageRecord?
    func images(sessionId: UUID, status: ImageRecord.Status?) async throws -> [ImageRecord]
    /// Moves an image from one of `from` to `to`; false when it was in another state.
    func transitionImage(id: UUID, from: [ImageRecord.Status], to: ImageRecord.Status, at: Date) async throws -> Bool
    /// Moves a `pending` or `failed` image to `processing`, counts the run and queues `job`, in one
    /// transaction, unless it has been processed `maxRuns` times already; false when it was in another
    /// state or at the cap. Together or not at all: a process killed, or a database lost, between the two
    /// must not leave an image `processing` with no job to process it (a repeated report could not
    /// queue one, as the image is no longer `pending`).
    func startProcessing(id: UUID, maxRuns: Int, job: NewJob) async throws -> Bool
    /// Stores the processing result and marks the image `processed` (only from `processing`).
    func completeImage(_ image: ImageRecord) async throws -> Bool
    /// Marks the image `failed` with a reason (only from `processing` or `pending`).
    func failImage(id: UUID, reason: String, at: Date) async throws
    /// Replaces a processed image's `qc` (a later session pass judged it); false when it is not processed
    /// or published.
    func updateImageQC(id: UUID, qc: [String: JSONValue]) async throws -> Bool

    /// Appends all events in one transaction (all or none).
    /// Keeps `health` as the device's last heartbeat and counts it as a sign of life (`last_seen_at`);
    /// nothing for a revoked device or one of another org.
    func recordHeartbeat(deviceId: UUID, orgId: UUID, health: DeviceHealth) async throws
    func insertEvents(_ events: [EventRecord]) async throws
    func events(orgId: UUID, entityId: UUID, limit: Int) async throws -> [EventRecord]
    /// The org and site of the session, image or device (`type`) with this id, for checking that an event
    /// names an entity the caller may act on. A device bound to no site has no site.
    func entityScope(type: String, id: UUID) async throws -> (orgId: UUID, siteId: UUID?)?
    /// The org and site of a session, image or device with this id (whichever it is).
    func entityScope(id: UUID) async throws -> (orgId: UUID, siteId: UUID?)?
}
