import BackendCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import RelayAPI

/// Seed 000 under `/v2`: sessions, multipart asset uploads, asset listing, status, and the session's
/// event WebSocket. (Sync endpoints belong to the sync engine.)
struct MulticamController {
    let multicam: MulticamService
    /// Closes the event socket when its caller's token expires or the caller is revoked.
    let watchdog: WebSocketAuthWatchdog

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("sessions") { request, context -> EditedResponse<JSONObject> in
            let session = try await multicam.createSession(
                context.requireIdentity(), request.decodeJSON(as: MulticamService.NewSession.self, context: context),
                idempotencyKey: request.headers[HTTPField.Name("Idempotency-Key")!])
            return .init(status: .created, response: MulticamDTO.session(session, status: "draft"))
        }
        group.get("sessions/:id/status") { _, context -> JSONObject in
            let session = try await multicam.accessibleSession(context.requireIdentity(), id: try sessionID(context))
            let (summary, updatedAt) = try await multicam.status(session)
            let sync = try await multicam.syncRepository.sync(sessionId: session.id)
            return JSONObject(fields: [
                "sessionId": AdminDTO.id(session.id), "status": .string(summary.status),
                "assets": .object([
                    "total": .number(Double(summary.total)), "ingested": .number(Double(summary.ingested)),
                    "ready": .number(Double(summary.ready)), "failed": .number(Double(summary.failed)),
                ]),
                "sync": .object([
                    "computed": .bool(sync?.analysis != nil), "running": .bool(sync?.state == .running),
                    "operatorStatus": sync?.operatorStatus.map(JSONValue.string) ?? .null,
                ]),
                "readyForNextPhase": .bool(summary.readyForNextPhase), "updatedAt": AdminDTO.date(updatedAt),
            ])
        }
        group.post("sessions/:id/assets/init-upload") { request, context -> JSONObject in
            let grant = try await multicam.initUpload(
                context.requireIdentity(), sessionId: try sessionID(context),
                request.decodeJSON(as: MulticamService.InitUpload.self, context: context))
            return JSONObject(fields: [
                "assetId": AdminDTO.id(grant.asset.id), "uploadId": .string(grant.asset.uploadId),
                "uploadUrl": grant.parts.first.map { .string($0.url) } ?? .null, "expiresAt": AdminDTO.date(grant.expiresAt),
                "partSize": .number(Double(grant.asset.partSize)), "partCount": .number(Double(grant.asset.partCount)),
                "parts": .array(grant.parts.map { .object(["partNumber": .number(Double($0.partNumber)), "uploadUrl": .string($0.url)]) }),
            ])
        }
        group.get("sessions/:id/assets/:assetId/parts") { _, context -> JSONObject in
            let (asset, parts) = try await multicam.acceptedParts(
                context.requireIdentity(), sessionId: try sessionID(context), assetId: try assetID(context))
            return JSONObject(fields: [
                "assetId": AdminDTO.id(asset.id), "uploadId": .string(asset.uploadId), "partSize": .number(Double(asset.partSize)),
                "partCount": .number(Double(asset.partCount)),
                "parts": .array(parts.map {
                    .object(["partNumber": .number(Double($0.partNumber)), "etag": .string($0.etag), "sizeBytes": .number(Double($0.size))])
                }),
            ])
        }
        group.post("sessions/:id/assets/:assetId/complete") { request, context -> JSONObject in
            let asset = try await multicam.complete(
                context.requireIdentity(), sessionId: try sessionID(context), assetId: try assetID(context),
                request.decodeJSON(as: MulticamService.Complete.self, context: context))
            return JSONObject(fields: [
                "assetId": AdminDTO.id(asset.id), "status": .string(asset.status.rawValue),
                "originalUrl": try await multicam.downloadURL(asset.storageKey).map(JSONValue.string) ?? .null,
                "ingestionJobId": asset.ingestionJobId.map(JSONValue.string) ?? .null,
            ])
        }
        group.get("sessions/:id/assets") { request, context -> JSONObject in
            let session = try await multicam.accessibleSession(context.requireIdentity(), id: try sessionID(context))
            let include = try Self.flag(request, "includeDerivatives")
            var assets: [JSONValue] = []
            for asset in try await multicam.repository.assets(sessionId: session.id) {
                var fields: [String: JSONValue] = [
                    "id": AdminDTO.id(asset.id), "cameraLabel": .string(asset.cameraLabel), "status": .string(asset.status.rawValue),
                    "version": .number(Double(asset.version)), "filename": .string(asset.fileName), "sizeBytes": .number(Double(asset.sizeBytes)),
                    "originalUrl": asset.status == .uploading ? .null : try await multicam.downloadURL(asset.storageKey).map(JSONValue.string) ?? .null,
                    "metadata": MulticamDTO.metadata(asset.metadata), "issues": .array(asset.issues.map(JSONValue.string)),
                    "error": MulticamDTO.error(asset),
                ]
                if include {
                    var derivatives: [JSONValue] = []
                    for derivative in asset.derivatives {
                        derivatives.append(.object([
                            "kind": .string(derivative.kind), "url": try await multicam.downloadURL(derivative.key).map(JSONValue.string) ?? .null,
                            "sizeBytes": .number(Double(derivative.sizeBytes)), "contentType": .string(derivative.contentType),
                        ]))
                    }
                    fields["derivatives"] = .array(derivatives)
                }
                assets.append(.object(fields))
            }
            return JSONObject(fields: ["sessionId": AdminDTO.id(session.id), "assets": .array(assets)])
        }
        group.post("sessions/:id/sync/compute") { request, context -> EditedResponse<JSONObject> in
            let (record, estimate) = try await multicam.computeSync(
                context.requireIdentity(), sessionId: try sessionID(context),
                request.decodeJSON(as: MulticamService.ComputeSync.self, context: context))
            return .init(status: .accepted, response: JSONObject(fields: [
                "sessionId": AdminDTO.id(record.sessionId), "syncJobId": .string(record.jobId), "status": .string("syncing"),
                "estimatedCompletionMs": .number(Double(estimate)),
            ]))
        }
        group.get("sessions/:id/sync") { _, context -> JSONObject in
            let (session, record) = try await multicam.syncResult(context.requireIdentity(), sessionId: try sessionID(context))
            let (summary, _) = try await multicam.status(session)
            var plots: [String: JSONValue] = [:]
            for (camera, key) in record.plotKeys { plots[camera] = try await multicam.downloadURL(key).map(JSONValue.string) ?? .null }
            return MulticamDTO.sync(record, status: summary.status, plots: plots)
        }
        group.post("sessions/:id/sync/approve") { request, context -> JSONObject in
            let record = try await multicam.approveSync(
                context.requireIdentity(), sessionId: try sessionID(context), request.decodeJSON(as: MulticamService.Review.self, context: context))
            let session = try await multicam.accessibleSession(context.requireIdentity(), id: record.sessionId)
            return MulticamDTO.review(record, status: try await multicam.status(session).0.status)
        }
        group.post("sessions/:id/sync/correct") { request, context -> JSONObject in
            let record = try await multicam.correctSync(
                context.requireIdentity(), sessionId: try sessionID(context), request.decodeJSON(as: MulticamService.Review.self, context: context))
            let session = try await multicam.accessibleSession(context.requireIdentity(), id: record.sessionId)
            return MulticamDTO.review(record, status: try await multicam.status(session).0.status)
        }
        group.authenticatedWebSocket(
            "sessions/:id/events", watchdog: watchdog,
            authorize: { _, context in
                _ = try await multicam.accessibleSession(context.requireIdentity(), id: try sessionID(context))
            },
            onUpgrade: { inbound, outbound, context in
                guard let id = try? sessionID(context) else { return }
                let events = multicam.bus.subscribe(MulticamService.channel(id))
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await event in events { try await outbound.write(.text(event)) }
                    }
                    group.addTask {
                        for try await _ in inbound {}
                    }
                    _ = try await group.next()
                    group.cancelAll()
                }
            })
    }

    func sessionID(_ context: AppRequestContext) throws -> UUID { try context.pathID("SESSION_NOT_FOUND") }
    func assetID(_ context: AppRequestContext) throws -> UUID { try context.pathID("ASSET_NOT_FOUND", parameter: "assetId") }

    /// `true`/`false`/`1`/`0` query flag; absent is false; anything else 400.
    static func flag(_ request: Request, _ name: String) throws -> Bool {
        guard let value = request.uri.queryParameters.get(name) else { return false }
        switch value.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw AppError.validation("\(name) must be true or false", field: name)
        }
    }
}
