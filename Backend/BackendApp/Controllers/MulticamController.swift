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
        group.post("sessions") { request, context -> EditedResponse<MulticamSession> in
            let session = try await multicam.createSession(
                context.requireIdentity(), request.decodeJSON(as: CreateMulticamSessionRequest.self, context: context),
                idempotencyKey: request.headers[HTTPField.Name("Idempotency-Key")!])
            return .init(status: .created, response: MulticamDTO.session(session, status: "draft"))
        }
        group.get("sessions") { request, context -> PageResponse<MulticamSessionRow> in
            let identity = try context.requireIdentity()
            let page = try Page(request)
            let (sessions, total) = try await multicam.repository.sessions(orgId: identity.orgId, limit: page.limit, offset: page.offset)
            var rows: [MulticamSessionRow] = []
            for session in sessions { rows.append(try await row(session)) }
            return page.response(rows, total: total)
        }
        group.get("sessions/:id") { _, context -> MulticamSessionRow in
            try await row(try await multicam.accessibleSession(context.requireIdentity(), id: try sessionID(context)))
        }
        group.get("sessions/:id/status") { _, context -> MulticamSessionStatus in
            let session = try await multicam.accessibleSession(context.requireIdentity(), id: try sessionID(context))
            let (summary, updatedAt) = try await multicam.status(session)
            let sync = try await multicam.syncRepository.sync(sessionId: session.id)
            return MulticamSessionStatus(
                sessionId: MulticamDTO.id(session.id), status: summary.status,
                assets: .init(total: summary.total, ingested: summary.ingested, ready: summary.ready, failed: summary.failed),
                sync: .init(computed: sync?.analysis != nil, running: sync?.state == .running, operatorStatus: sync?.operatorStatus),
                readyForNextPhase: summary.readyForNextPhase, updatedAt: updatedAt)
        }
        group.post("sessions/:id/assets/init-upload") { request, context -> MultipartGrant in
            let grant = try await multicam.initUpload(
                context.requireIdentity(), sessionId: try sessionID(context),
                request.decodeJSON(as: InitUploadRequest.self, context: context))
            return MultipartGrant(
                assetId: MulticamDTO.id(grant.asset.id), uploadId: grant.asset.uploadId, uploadUrl: grant.parts.first?.url,
                expiresAt: grant.expiresAt, partSize: grant.asset.partSize, partCount: grant.asset.partCount,
                parts: grant.parts.map { .init(partNumber: $0.partNumber, uploadUrl: $0.url) })
        }
        group.get("sessions/:id/assets/:assetId/parts") { _, context -> AcceptedParts in
            let (asset, parts) = try await multicam.acceptedParts(
                context.requireIdentity(), sessionId: try sessionID(context), assetId: try assetID(context))
            return AcceptedParts(
                assetId: MulticamDTO.id(asset.id), uploadId: asset.uploadId, partSize: asset.partSize, partCount: asset.partCount,
                parts: parts.map { .init(partNumber: $0.partNumber, etag: $0.etag, sizeBytes: Int64($0.size)) })
        }
        group.post("sessions/:id/assets/:assetId/complete") { request, context -> CompletedUpload in
            let asset = try await multicam.complete(
                context.requireIdentity(), sessionId: try sessionID(context), assetId: try assetID(context),
                request.decodeJSON(as: CompleteUploadRequest.self, context: context))
            return CompletedUpload(
                assetId: MulticamDTO.id(asset.id), status: asset.status.rawValue, originalUrl: try await multicam.downloadURL(asset.storageKey),
                ingestionJobId: asset.ingestionJobId)
        }
        group.get("sessions/:id/assets") { request, context -> MulticamAssetList in
            let session = try await multicam.accessibleSession(context.requireIdentity(), id: try sessionID(context))
            let include = try Self.flag(request, "includeDerivatives")
            var assets: [MulticamAsset] = []
            for asset in try await multicam.repository.assets(sessionId: session.id) {
                var entry = MulticamAsset(
                    id: MulticamDTO.id(asset.id), cameraLabel: asset.cameraLabel, status: asset.status.rawValue, version: asset.version,
                    chapter: asset.chapter, filename: asset.fileName, sizeBytes: asset.sizeBytes,
                    originalUrl: asset.status == .uploading ? nil : try await multicam.downloadURL(asset.storageKey),
                    metadata: MulticamDTO.metadata(asset.metadata), issues: asset.issues, error: MulticamDTO.error(asset))
                if include {
                    var derivatives: [MulticamAsset.Derivative] = []
                    for derivative in asset.derivatives {
                        derivatives.append(.init(
                            kind: derivative.kind, url: try await multicam.downloadURL(derivative.key), sizeBytes: derivative.sizeBytes,
                            contentType: derivative.contentType))
                    }
                    entry.derivatives = derivatives
                }
                assets.append(entry)
            }
            return MulticamAssetList(sessionId: MulticamDTO.id(session.id), assets: assets)
        }
        group.post("sessions/:id/sync/compute") { request, context -> EditedResponse<SyncQueued> in
            let (record, estimate) = try await multicam.computeSync(
                context.requireIdentity(), sessionId: try sessionID(context),
                request.decodeJSON(as: MulticamService.ComputeSync.self, context: context))
            return .init(
                status: .accepted,
                response: SyncQueued(sessionId: MulticamDTO.id(record.sessionId), syncJobId: record.jobId, status: "syncing", estimatedCompletionMs: estimate))
        }
        group.get("sessions/:id/sync") { _, context -> SyncResult in
            let (session, record) = try await multicam.syncResult(context.requireIdentity(), sessionId: try sessionID(context))
            let (summary, _) = try await multicam.status(session)
            var plots: [String: String?] = [:]
            for (camera, key) in record.plotKeys { plots[camera] = .some(try await multicam.downloadURL(key)) }
            return MulticamDTO.sync(record, status: summary.status, plots: plots)
        }
        group.post("sessions/:id/sync/approve") { request, context -> SyncReviewResult in
            let record = try await multicam.approveSync(
                context.requireIdentity(), sessionId: try sessionID(context), request.decodeJSON(as: MulticamService.Review.self, context: context))
            let session = try await multicam.accessibleSession(context.requireIdentity(), id: record.sessionId)
            return MulticamDTO.review(record, status: try await multicam.status(session).0.status)
        }
        group.post("sessions/:id/sync/correct") { request, context -> SyncReviewResult in
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
                try await EventSocketRelay(events: events, channel: context.channel, logger: context.logger)
                    .run(inbound: inbound, outbound: outbound)
            })
    }

    /// The session with its derived status and asset counts (`GET /v2/sessions` and `/v2/sessions/{id}`).
    func row(_ session: MulticamSessionRecord) async throws -> MulticamSessionRow {
        let (summary, _) = try await multicam.status(session)
        return MulticamSessionRow(
            session: MulticamDTO.session(session, status: summary.status),
            assets: .init(total: summary.total, ingested: summary.ingested, ready: summary.ready, failed: summary.failed),
            readyForNextPhase: summary.readyForNextPhase)
    }

    func sessionID(_ context: AppRequestContext) throws -> UUID { try context.pathID(.sessionNotFound) }
    func assetID(_ context: AppRequestContext) throws -> UUID { try context.pathID(.assetNotFound, parameter: "assetId") }

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
