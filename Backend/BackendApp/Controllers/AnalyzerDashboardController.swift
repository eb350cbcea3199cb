import BackendCore
import Foundation
import HTTPTypes
import Hummingbird
import RelayAPI

/// Seed 002's job registry, shared batch queue and dashboard, at `/v1` and `/api/v1`.
struct AnalyzerDashboardController {
    let analyzer: AnalyzerService

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("job-registry") { request, context -> JobRegistryResponse in
            let identity = try context.requireIdentity()
            let hours = try Self.sinceHours(request)
            let (items, total) = try await analyzer.list(identity, status: nil, sinceHours: hours, limit: 1000, offset: 0)
            return JobRegistryResponse(jobs: items.map(JobRegistryEntry.init), total: total, sinceHours: hours, timestamp: Date())
        }
        group.get("batch-queue") { _, context -> Response in
            let queue = try await analyzer.batchQueue(try context.requireIdentity())
            return try Self.queueResponse(
                BatchQueueResponse(items: queue.items, version: queue.version, clientId: queue.clientId, updatedAt: queue.updatedAt))
        }
        group.post("batch-queue") { request, context -> Response in
            struct Body: Decodable {
                var items: [JSONValue]
                var clientId: String?
                var version: Int?
            }
            let body = try await request.decodeJSON(as: Body.self, context: context)
            var expected = body.version
            if let match = request.headers[.ifMatch] {
                guard let version = Int(match.trimmingCharacters(in: CharacterSet(charactersIn: "\" W/"))) else {
                    throw AppError.validation("If-Match must be the queue's version", field: "If-Match")
                }
                expected = version
            }
            let identity = try context.requireIdentity()
            let version = try await analyzer.saveBatchQueue(identity, items: body.items, clientId: body.clientId, expectedVersion: expected)
            let saved = try await analyzer.batchQueue(identity)
            return try Self.queueResponse(
                BatchQueueResponse(items: saved.items, version: version, clientId: saved.clientId, updatedAt: saved.updatedAt))
        }
        group.get("dashboard/system-info") { _, context -> SystemInfoResponse in
            try analyzer.requireUser(try context.requireIdentity())
            return SystemInfoResponse(system: await SystemSnapshot.take(diskPath: analyzer.dataDir), version: RelayVersion.current, timestamp: Date())
        }
        group.get("dashboard/celery-info") { _, context -> WorkerInfoResponse in
            try analyzer.requireUser(try context.requireIdentity())
            let (workers, statistics) = try await analyzer.workerStatus()
            return WorkerInfoResponse(workers: workers, statistics: statistics)
        }
        group.get("dashboard/gpu-info") { _, context -> GPUInfoResponse in
            try analyzer.requireUser(try context.requireIdentity())
            return GPUInfoResponse(timestamp: Date())
        }
    }

    static func sinceHours(_ request: Request) throws -> Double {
        guard let text = request.uri.queryParameters["since_hours"] else { return 24 }
        guard let value = Double(String(text)), value.isFinite, value > 0, value <= 24 * 365 else {
            throw AppError.validation("since_hours must be a number of hours above 0 and at most 8760", field: "since_hours")
        }
        return value
    }

    /// The queue with its version as `ETag`, for `If-Match`.
    static func queueResponse(_ body: BatchQueueResponse) throws -> Response {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return Response(
            status: .ok, headers: [.contentType: "application/json", .eTag: "\"\(body.version)\"", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(body))))
    }
}
