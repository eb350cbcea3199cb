import Foundation
import RelayAPI

/// A vehicle, identified within its org by VIN or stock number.
public struct VehicleRecord: Sendable, Equatable {
    public var id: UUID
    public var orgId: UUID
    public var vin: String?
    public var stock: String?

    public init(id: UUID, orgId: UUID, vin: String?, stock: String?) {
        self.id = id
        self.orgId = orgId
        self.vin = vin
        self.stock = stock
    }
}

/// A photo capture session (seed 001).
public struct CaptureSessionRecord: Sendable, Equatable {
    public enum Mode: String, Sendable, CaseIterable { case studio360, walk360, stills }
    public enum Status: String, Sendable, CaseIterable { case active, complete, abandoned, failed }

    public var id: UUID
    public var orgId: UUID
    public var siteId: UUID
    public var vehicleId: UUID
    public var mode: Mode
    /// The shot list as sent (`{"studio360":{"frame_count":24},"stills":[…]}`).
    public var shotList: [String: JSONValue]
    public var status: Status
    public var operatorId: UUID?
    public var deviceId: UUID?
    public var startedAt: Date
    public var completedAt: Date?

    public init(
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
    public var frameCount: Int? {
        guard case .object(let studio)? = shotList["studio360"], case .number(let count)? = studio["frame_count"] else { return nil }
        return Int(count)
    }

    /// The stills shot names, when the shot list has them.
    public var stills: [String] {
        guard case .array(let items)? = shotList["stills"] else { return [] }
        return items.compactMap { if case .string(let name) = $0 { return name } else { return nil } }
    }
}

/// One photo of a session.
public struct ImageRecord: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable { case pending, processing, processed, failed, published }

    public var id: UUID
    public var orgId: UUID
    public var siteId: UUID
    public var sessionId: UUID
    public var vehicleId: UUID
    public var storageKey: String
    public var contentType: String
    public var sha256: String
    public var fileName: String
    public var angleDeg: Double?
    public var shotName: String?
    public var status: Status
    public var failureReason: String?
    /// How often processing was queued (`upload_complete` moved it to `processing`); capped at
    /// `CaptureService.maxProcessingRuns`.
    public var processingRuns: Int
    public var width: Int?
    public var height: Int?
    public var exif: [String: JSONValue]
    public var qc: [String: JSONValue]
    public var thumbKeys: [String: String]
    public var createdAt: Date
    public var processedAt: Date?
    public var publishedAt: Date?

    public init(
        id: UUID, orgId: UUID, siteId: UUID, sessionId: UUID, vehicleId: UUID, storageKey: String, contentType: String,
        sha256: String, fileName: String, angleDeg: Double?, shotName: String?, status: Status, failureReason: String? = nil,
        processingRuns: Int = 0, width: Int? = nil, height: Int? = nil, exif: [String: JSONValue] = [:], qc: [String: JSONValue] = [:],
        thumbKeys: [String: String] = [:], createdAt: Date, processedAt: Date? = nil, publishedAt: Date? = nil
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
    }
}

/// One audit-log event (append-only).
public struct EventRecord: Sendable, Equatable {
    public var id: UUID
    public var orgId: UUID
    public var actorType: String
    public var actorId: UUID
    public var entityType: String
    public var entityId: UUID
    public var type: String
    public var message: String?
    public var meta: [String: JSONValue]
    public var createdAt: Date
    /// The client's idempotency key, unique per org.
    public var idempotencyKey: String?

    public init(
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
public struct SessionQuery: Sendable, Equatable {
    public var orgId: UUID
    /// Sites the caller may see; empty = all of the org.
    public var siteScope: [UUID]
    public var siteId: UUID?
    public var status: CaptureSessionRecord.Status?
    public var vehicleId: UUID?
    public var limit: Int
    public var offset: Int

    public init(orgId: UUID, siteScope: [UUID], siteId: UUID?, status: CaptureSessionRecord.Status?, vehicleId: UUID?, limit: Int, offset: Int) {
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
public struct SessionSummary: Sendable, Equatable {
    public var session: CaptureSessionRecord
    public var vehicle: VehicleRecord
    public var siteName: String
    public var operatorName: String?
    public var imageCount: Int

    public init(session: CaptureSessionRecord, vehicle: VehicleRecord, siteName: String, operatorName: String?, imageCount: Int) {
        self.session = session
        self.vehicle = vehicle
        self.siteName = siteName
        self.operatorName = operatorName
        self.imageCount = imageCount
    }
}
