import Foundation
import RelayAPI

/// A vehicle, identified within its org by VIN or stock number.
package struct VehicleRecord: Sendable, Equatable {
    package var id: UUID
    package var orgId: UUID
    package var vin: String?
    package var stock: String?

    package init(id: UUID, orgId: UUID, vin: String?, stock: String?) {
        self.id = id
        self.orgId = orgId
        self.vin = vin
        self.stock = stock
    }
}

/// A photo capture session (seed 001).
package struct CaptureSessionRecord: Sendable, Equatable {
    package enum Mode: String, Sendable, CaseIterable { case studio360, walk360, stills }
    package enum Status: String, Sendable, CaseIterable { case active, complete, abandoned, failed }

    package var id: UUID
    package var orgId: UUID
    package var siteId: UUID
    package var vehicleId: UUID
    package var mode: Mode
    /// The shot list as sent (`{"studio360":{"frame_count":24},"stills":[…]}`).
    package var shotList: [String: JSONValue]
    package var status: Status
    package var operatorId: UUID?
    package var deviceId: UUID?
    package var startedAt: Date
    package var completedAt: Date?

    package init(
        id: UUID, orgId: UUID, siteId: UUID, vehicleId: UUID, mode: Mode, shotList: [String: JSONValue], status: Status,
        operatorId: UUID?, deviceId: UUID?, startedAt: Date, completedAt: Date?
    ) {
        self.id = id
        self.orgId = orgId
        self.siteId = siteId
        self.vehicleId = vehicleId
        self.mode = mode
        self.shotList = shotList
        self.status = status
        self.operatorId = operatorId
        self.deviceId = deviceId
        self.startedAt = startedAt
        self.completedAt = completedAt
    }

    /// studio360's frame count, when the shot list has one.
    package var frameCount: Int? {
        guard case .object(let studio)? = shotList["studio360"], case .number(let count)? = studio["frame_count"] else { return nil }
        return Int(count)
    }

    /// The stills shot names, when the shot list has them.
    package var stills: [String] {
        guard case .array(let items)? = shotList["stills"] else { return [] }
        return items.compactMap { if case .string(let name) = $0 { return name } else { return nil } }
    }
}

/// One photo of a session.
package struct ImageRecord: Sendable, Equatable {
    package enum Status: String, Sendable, CaseIterable { case pending, processing, processed, failed, published }

    package var id: UUID
    package var orgId: UUID
    package var siteId: UUID
    package var sessionId: UUID
    package var vehicleId: UUID
    package var storageKey: String
    package var contentType: String
    package var sha256: String
    package var fileName: String
    package var angleDeg: Double?
    package var shotName: String?
    package var status: Status
    package var failureReason: String?
    /// How often processing was queued (`upload_complete` moved it to `processing`); capped at
    /// `CaptureService.maxProcessingRuns`.
    package var processingRuns: Int
    package var width: Int?
    package var height: Int?
    package var exif: [String: JSONValue]
    package var qc: [String: JSONValue]
    package var thumbKeys: [String: String]
    package var createdAt: Date
    package var processedAt: Date?
    package var publishedAt: Date?
    /// The reshoot that replaced this image at its angle; nil for the session's current frame.
    package var replacedBy: UUID?

    package init(
        id: UUID, orgId: UUID, siteId: UUID, sessionId: UUID, vehicleId: UUID, storageKey: String, contentType: String,
        sha256: String, fileName: String, angleDeg: Double?, shotName: String?, status: Status, failureReason: String? = nil,
        processingRuns: Int = 0, width: Int? = nil, height: Int? = nil, exif: [String: JSONValue] = [:], qc: [String: JSONValue] = [:],
        thumbKeys: [String: String] = [:], createdAt: Date, processedAt: Date? = nil, publishedAt: Date? = nil, replacedBy: UUID? = nil
    ) {
        self.id = id
        self.orgId = orgId
        self.siteId = siteId
        self.sessionId = sessionId
        self.vehicleId = vehicleId
        self.storageKey = storageKey
        self.contentType = contentType
        self.sha256 = sha256
        self.fileName = fileName
        self.angleDeg = angleDeg
        self.shotName = shotName
        self.status = status
        self.failureReason = failureReason
        self.processingRuns = processingRuns
        self.width = width
        self.height = height
        self.exif = exif
        self.qc = qc
        self.thumbKeys = thumbKeys
        self.createdAt = createdAt
        self.processedAt = processedAt
        self.publishedAt = publishedAt
        self.replacedBy = replacedBy
    }
}

/// One audit-log event (append-only).
package struct EventRecord: Sendable, Equatable {
    package var id: UUID
    package var orgId: UUID
    package var actorType: String
    package var actorId: UUID
    package var entityType: String
    package var entityId: UUID
    package var type: String
    package var message: String?
    package var meta: [String: JSONValue]
    package var createdAt: Date
    /// The client's idempotency key, unique per org.
    package var idempotencyKey: String?

    package init(
        id: UUID, orgId: UUID, actorType: String, actorId: UUID, entityType: String, entityId: UUID, type: String,
        message: String?, meta: [String: JSONValue], createdAt: Date, idempotencyKey: String? = nil
    ) {
        self.idempotencyKey = idempotencyKey
        self.id = id
        self.orgId = orgId
        self.actorType = actorType
        self.actorId = actorId
        self.entityType = entityType
        self.entityId = entityId
        self.type = type
        self.message = message
        self.meta = meta
        self.createdAt = createdAt
    }
}

/// Filters and page of `GET /v1/sessions`.
package struct SessionQuery: Sendable, Equatable {
    package var orgId: UUID
    /// Sites the caller may see; empty = all of the org.
    package var siteScope: [UUID]
    package var siteId: UUID?
    package var status: CaptureSessionRecord.Status?
    package var vehicleId: UUID?
    package var limit: Int
    package var offset: Int

    package init(orgId: UUID, siteScope: [UUID], siteId: UUID?, status: CaptureSessionRecord.Status?, vehicleId: UUID?, limit: Int, offset: Int) {
        self.orgId = orgId
        self.siteScope = siteScope
        self.siteId = siteId
        self.status = status
        self.vehicleId = vehicleId
        self.limit = limit
        self.offset = offset
    }
}

/// A session row of the list, with what the list shows beside it.
package struct SessionSummary: Sendable, Equatable {
    package var session: CaptureSessionRecord
    package var vehicle: VehicleRecord
    package var siteName: String
    package var operatorName: String?
    package var imageCount: Int

    package init(session: CaptureSessionRecord, vehicle: VehicleRecord, siteName: String, operatorName: String?, imageCount: Int) {
        self.session = session
        self.vehicle = vehicle
        self.siteName = siteName
        self.operatorName = operatorName
        self.imageCount = imageCount
    }
}
