import BackendCore
import Foundation
import Hummingbird
import RelayAPI

/// Seed 001's sessions, images and events as their wire types (`Shared/RelayAPI/Capture`).
enum CaptureDTO {
    static func id(_ id: UUID) -> String { AdminDTO.id(id) }

    static func vehicle(_ vehicle: VehicleRecord) -> CaptureSession.Vehicle {
        .init(id: id(vehicle.id), vin: vehicle.vin, stock: vehicle.stock)
    }

    /// `POST /v1/sessions` and `PATCH` answers (seed's Session schema).
    static func session(_ s: CaptureSessionRecord, vehicle: VehicleRecord? = nil) -> CaptureSession {
        CaptureSession(
            id: id(s.id), orgId: id(s.orgId), siteId: id(s.siteId), vehicleId: id(s.vehicleId), mode: s.mode.rawValue,
            shotList: s.shotList,
            status: s.status.rawValue, startedAt: s.startedAt, completedAt: s.completedAt,
            vehicle: vehicle.map(self.vehicle))
    }

    /// A row of `GET /v1/sessions`.
    static func summary(_ row: SessionSummary) -> CaptureSessionRow {
        CaptureSessionRow(
            id: id(row.session.id), vehicle: vehicle(row.vehicle), mode: row.session.mode.rawValue,
            status: row.session.status.rawValue,
            operator: row.session.operatorId.map { .init(id: id($0), name: row.operatorName) },
            device: row.session.deviceId.map { .init(id: id($0)) },
            site: .init(id: id(row.session.siteId), name: row.siteName),
            startedAt: row.session.startedAt, completedAt: row.session.completedAt, imageCount: row.imageCount)
    }

    /// A row of `GET /v1/images`.
    static func image(_ i: ImageRecord) -> CaptureImage {
        CaptureImage(
            id: id(i.id), sessionId: id(i.sessionId), angleDeg: i.angleDeg, shotName: i.shotName,
            thumbKeys: i.thumbKeys, qc: i.qc,
            status: i.status.rawValue, failureReason: i.failureReason, createdAt: i.createdAt,
            publishedAt: i.publishedAt)
    }

    /// `GET /v1/images/:id`: the row plus the detail fields and signed URLs.
    static func imageDetail(_ i: ImageRecord, original: String?, thumbnails: [String: String]) -> CaptureImageDetail {
        CaptureImageDetail(
            image: image(i), vehicleId: id(i.vehicleId), storageKey: i.storageKey, contentType: i.contentType,
            contentSha256: i.sha256,
            fileName: i.fileName, width: i.width, height: i.height, exif: i.exif, processedAt: i.processedAt,
            originalUrl: original,
            thumbUrls: thumbnails, replacedBy: i.replacedBy.map(id))
    }

    static func event(_ e: EventRecord) -> CaptureEvent {
        CaptureEvent(
            id: id(e.id), actor: .init(type: e.actorType, id: id(e.actorId)), entityType: e.entityType,
            entityId: id(e.entityId), type: e.type,
            message: e.message, meta: e.meta, createdAt: e.createdAt)
    }
}

extension CaptureSession: ResponseEncodable {}
extension CaptureSessionDetail: ResponseEncodable {}
extension CaptureImageList: ResponseEncodable {}
extension CaptureImageDetail: ResponseEncodable {}
extension PublishedImage: ResponseEncodable {}
