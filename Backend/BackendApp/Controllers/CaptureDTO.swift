import BackendCore
import Foundation
import RelayAPI

/// JSON shapes of seed 001's sessions and images.
enum CaptureDTO {
    static func id(_ id: UUID?) -> JSONValue { AdminDTO.id(id) }
    static func date(_ date: Date?) -> JSONValue { AdminDTO.date(date) }
    static func text(_ text: String?) -> JSONValue { text.map { .string($0) } ?? .null }
    static func number(_ value: Double?) -> JSONValue { value.map { .number($0) } ?? .null }

    static func vehicle(_ vehicle: VehicleRecord) -> JSONValue {
        .object(["id": id(vehicle.id), "vin": text(vehicle.vin), "stock": text(vehicle.stock)])
    }

    /// `POST /v1/sessions` and `PATCH` answers (seed's Session schema).
    static func session(_ s: CaptureSessionRecord, vehicle: VehicleRecord? = nil) -> JSONObject {
        var fields: [String: JSONValue] = [
            "id": id(s.id), "org_id": id(s.orgId), "site_id": id(s.siteId), "vehicle_id": id(s.vehicleId),
            "mode": .string(s.mode.rawValue), "shot_list": .object(s.shotList), "status": .string(s.status.rawValue),
            "started_at": date(s.startedAt), "completed_at": date(s.completedAt),
        ]
        if let vehicle { fields["vehicle"] = self.vehicle(vehicle) }
        return JSONObject(fields: fields)
    }

    /// A row of `GET /v1/sessions`.
    static func summary(_ row: SessionSummary) -> JSONObject {
        JSONObject(fields: [
            "id": id(row.session.id), "vehicle": vehicle(row.vehicle), "mode": .string(row.session.mode.rawValue),
            "status": .string(row.session.status.rawValue),
            "operator": row.session.operatorId.map { .object(["id": id($0), "name": text(row.operatorName)]) } ?? .null,
            "device": row.session.deviceId.map { .object(["id": id($0)]) } ?? .null,
            "site": .object(["id": id(row.session.siteId), "name": .string(row.siteName)]),
            "started_at": date(row.session.startedAt), "completed_at": date(row.session.completedAt),
            "image_count": .number(Double(row.imageCount)),
        ])
    }

    /// A row of `GET /v1/images`.
    static func image(_ i: ImageRecord) -> JSONObject {
        JSONObject(fields: [
            "id": id(i.id), "session_id": id(i.sessionId), "angle_deg": number(i.angleDeg), "shot_name": text(i.shotName),
            "thumb_keys": .object(i.thumbKeys.mapValues { .string($0) }), "qc": .object(i.qc), "status": .string(i.status.rawValue),
            "failure_reason": text(i.failureReason), "created_at": date(i.createdAt), "published_at": date(i.publishedAt),
        ])
    }

    /// `GET /v1/images/:id`: the row plus the detail fields and signed URLs.
    static func imageDetail(_ i: ImageRecord, original: String?, thumbnails: [String: String]) -> JSONObject {
        var object = image(i)
        object.fields["vehicle_id"] = id(i.vehicleId)
        object.fields["storage_key"] = .string(i.storageKey)
        object.fields["content_type"] = .string(i.contentType)
        object.fields["content_sha256"] = .string(i.sha256)
        object.fields["file_name"] = .string(i.fileName)
        object.fields["width"] = number(i.width.map(Double.init))
        object.fields["height"] = number(i.height.map(Double.init))
        object.fields["exif"] = .object(i.exif)
        object.fields["processed_at"] = date(i.processedAt)
        object.fields["original_url"] = text(original)
        object.fields["thumb_urls"] = .object(thumbnails.mapValues { .string($0) })
        return object
    }

    static func event(_ e: EventRecord) -> JSONObject {
        JSONObject(fields: [
            "id": id(e.id), "actor": .object(["type": .string(e.actorType), "id": id(e.actorId)]),
            "entity_type": .string(e.entityType), "entity_id": id(e.entityId), "type": .string(e.type),
            "message": text(e.message), "meta": .object(e.meta), "created_at": date(e.createdAt),
        ])
    }
}
