import Foundation
import Logging
import RelayAPI
import RelaySync

extension MulticamService {
    package static let syncJobKind = "sync.compute"
    package static let syncMethods = ["xcorr", "gcc-phat"]

    package struct ComputeSync: Sendable, Decodable {
        package var masterCamera: String?
        package var method: String?
    }

    /// Queues the sync of every ready camera against `masterCamera`. 400 for an unknown method or master
    /// camera, fewer than two ready cameras, or a camera without audio (`MISSING_AUDIO_TRACK`,
    /// details.camera); 409 `ASSETS_NOT_READY` while assets ingest and `SYNC_IN_PROGRESS` while a sync
    /// runs.
    package func computeSync(_ identity: Identity, sessionId: UUID, _ request: ComputeSync) async throws -> (SyncRecord, estimatedMs: Int) {
        let session = try await accessibleSession(identity, id: sessionId)
        let method = request.method ?? "xcorr"
        guard Self.syncMethods.contains(method) else {
            throw AppError.validation("method must be one of \(Self.syncMethods.joined(separator: ", "))", field: "method")
        }
        let assets = try await repository.assets(sessionId: session.id)
        guard !assets.isEmpty else {
            throw AppError(status: 400, code: APIErrorCode.validation, message: "the session has no assets to sync")
        }
        if let busy = assets.first(where: { $0.status == .uploading || $0.status == .ingesting }) {
            throw AppError(
                status: 409, code: .assetsNotReady, message: "camera \(busy.cameraLabel) is still \(busy.status.rawValue)",
                details: ["camera": .string(busy.cameraLabel)])
        }
        let ready = assets.filter { $0.status == .ready }
        guard let master = request.masterCamera, ready.contains(where: { $0.cameraLabel == master }) else {
            throw AppError(
                status: 400, code: APIErrorCode.validation,
                message: "masterCamera must be one of the session's ready cameras: \(ready.map(\.cameraLabel).joined(separator: ", "))",
                details: ["field": .string("masterCamera")])
        }
        guard Set(ready.map(\.cameraLabel)).count >= 2 else {
            throw AppError(status: 400, code: APIErrorCode.validation, message: "sync needs at least two ready cameras")
        }
        // The master's files are joined end to end: one missing in the middle would shift every later one.
        if let missing = assets.first(where: { $0.cameraLabel == master && $0.status != .ready }) {
            throw AppError(
                status: 400, code: APIErrorCode.validation,
                message: "master camera \(master)'s chapter \(missing.chapter) is \(missing.status.rawValue); replace it or choose another master",
                details: ["field": .string("masterCamera"), "chapter": .number(Double(missing.chapter))])
        }
        let masterChapters = Set(assets.filter { $0.cameraLabel == master }.map(\.chapter))
        if let hole = (1...(masterChapters.max() ?? 1)).first(where: { !masterChapters.contains($0) }) {
            throw AppError(
                status: 400, code: APIErrorCode.validation,
                message: "master camera \(master) has no chapter \(hole); upload it or choose another master",
                details: ["field": .string("masterCamera"), "chapter": .number(Double(hole))])
        }
        if let silent = ready.first(where: { asset in !asset.derivatives.contains { $0.kind == "audio-wav" } }) {
            throw AppError(
                status: 400, code: .missingAudioTrack, message: "camera \(silent.cameraLabel) has no audio track to sync on",
                details: ["camera": .string(silent.cameraLabel), "reason": .string("No audio track found")])
        }
        if try await syncRepository.sync(sessionId: session.id)?.state == .running {
            throw AppError(status: 409, code: .syncInProgress, message: "a sync is already running for this session")
        }
        // Two computes racing past the check both queue a job; only one can mark the sync running, and the
        // other's job finds a different job id recorded and does nothing.
        let jobId = try await jobQueue.enqueue(NewJob(kind: Self.syncJobKind, payload: Self.syncPayload(session.id), maxAttempts: 2))
        guard try await syncRepository.start(sessionId: session.id, masterCamera: master, method: method, jobId: jobId) else {
            throw AppError(status: 409, code: .syncInProgress, message: "a sync is already running for this session")
        }
        await emit(session.id, SessionEvent("sync.computing", ["progress": .number(0)]))
        // Measured: ≈ 1 s of CPU per camera-hour on WAV input, plus the WAV downloads; round up generously.
        let seconds = ready.compactMap { $0.metadata?.durationMs }.reduce(0, +) / 1000
        let estimate = max(2000, seconds * 2)
        return (try await syncRepository.sync(sessionId: session.id)!, estimate)
    }

    static func syncPayload(_ id: UUID) -> String { #"{"session_id":""# + id.uuidString.lowercased() + #""}"# }

    static func sessionId(_ payload: String) -> UUID? {
        struct Payload: Decodable { var session_id: String }
        return (try? JSONDecoder().decode(Payload.self, from: Data(payload.utf8))).flatMap { UUID(uuidString: $0.session_id) }
    }

    /// `sync.compute`: fetches every ready camera's WAV, runs the engine (on its own thread: it is
    /// CPU-bound), stores correlation plots, records the result and announces `sync.complete`.
    package func runSync(job: Job, context: JobContext) async throws {
        guard let sessionId = Self.sessionId(job.payload) else { throw PermanentJobFailure("payload has no session_id") }
        guard let record = try await syncRepository.sync(sessionId: sessionId), record.state == .running, record.jobId == job.id,
            let session = try await repository.session(id: sessionId)
        else { return }
        let workspace = try MediaWorkspace.prepare(
            root: workRoot, name: "sync-\(sessionId.uuidString.lowercased())", ffmpegPath: ffmpegPath, limits: mediaLimits)
        defer { workspace.remove() }
        do {
            let ready = try await repository.assets(sessionId: sessionId).filter { $0.status == .ready }
            var tracks: [String: [CameraFile]] = [:]
            let decoder = AudioDecoder(sampleRate: syncConfiguration.analysisRate, ffmpeg: ffmpegPath)
            for asset in ready {
                guard let wav = asset.derivatives.first(where: { $0.kind == "audio-wav" }), let key = BlobKey(wav.key) else {
                    throw SyncFailure("camera \(asset.cameraLabel) has no audio track", camera: asset.cameraLabel)
                }
                let file = workspace.folder.appendingPathComponent("\(asset.cameraLabel)-\(asset.chapter).wav")
                try await blobStore.download(key: key, to: file)
                // A long recording stays out of memory: decoded into the workspace, read a window at a time.
                let track = try decoder.decodeForAnalysis(
                    file, scratch: workspace.folder, streamAboveSeconds: Double(configuration.syncStreamAboveSeconds),
                    coarseRate: syncConfiguration.coarseRate)
                tracks[asset.cameraLabel, default: []].append(CameraFile(number: asset.chapter, id: asset.id.uuidString.lowercased(), track: track))
                try? FileManager.default.removeItem(at: file)
            }
            await context.progress(0.1, note: "audio decoded")
            guard let master = tracks[record.masterCamera] else {
                throw SyncFailure("master camera \(record.masterCamera) is not ready", camera: record.masterCamera)
            }
            let analysis = try await analyze(master: master, label: record.masterCamera, cameras: tracks, sessionId: sessionId, context: context)
            var plots: [String: String] = [:]
            for camera in analysis.offsetsMs.keys.sorted() where camera != record.masterCamera {
                guard let svg = CorrelationPlot.svg(analysis: analysis, camera: camera) else { continue }
                let index = (configuration.cameraLabels.firstIndex(of: camera) ?? 0) + 1
                let key = StorageKeys.syncPlot(
                    orgId: session.orgId, projectId: session.projectId, date: session.date, sessionId: session.id, jobId: job.id,
                    cameraIndex: index)
                try await blobStore.put(key: key, data: Data(svg.utf8), contentType: "image/svg+xml")
                plots[camera] = key.rawValue
            }
            var stored = analysis
            stored.traces = [:]  // the plots carry them; keep the row small
            guard try await syncRepository.finish(sessionId: sessionId, jobId: job.id, analysis: stored, plotKeys: plots) else { return }
            await emit(sessionId, SessionEvent("sync.complete", [
                "confidence": .object(analysis.confidence.filter { $0.key != record.masterCamera }.mapValues { .number(Self.round($0, 1000)) }),
                "classification": .object(analysis.classification.filter { $0.key != record.masterCamera }.mapValues(JSONValue.string)),
            ]))
            context.logger.info("sync computed", metadata: ["session_id": "\(sessionId)", "offsets": "\(analysis.offsetsMs)"])
        } catch {
            let failure = error as? SyncFailure
            let permanent = failure != nil || error is SyncError || error is AudioDecodingError
            if permanent || job.attempts >= job.maxAttempts {
                let reason = ClientFacingReason.logged(
                    error, "sync failed", logger: context.logger, metadata: ["session_id": "\(sessionId)", "attempt": "\(job.attempts)"]
                ).text
                if try await syncRepository.fail(sessionId: sessionId, jobId: job.id, error: reason) {
                    var details: [String: JSONValue] = ["reason": .string(reason)]
                    if let camera = failure?.camera { details["camera"] = .string(camera) }
                    await emit(sessionId, SessionEvent("sync.failed", [
                        "error": .object(["code": .string(APIErrorCode.syncFailed.rawValue), "message": .string(reason), "details": .object(details)]),
                    ]))
                }
                throw PermanentJobFailure("\(error)")
            }
            throw error
        }
    }

    /// The engine on a dedicated thread; progress goes to the job and the WebSocket at most twice a second.
    func analyze(master: [CameraFile], label: String, cameras: [String: [CameraFile]], sessionId: UUID, context: JobContext) async throws
        -> SyncAnalysis
    {
        let engine = SyncEngine(configuration: syncConfiguration)
        let (updates, continuation) = AsyncStream<Double>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let reporter = Task {
            var last = ContinuousClock.now - .seconds(1)
            for await fraction in updates where ContinuousClock.now - last >= .milliseconds(500) {
                last = .now
                let overall = 0.1 + fraction * 0.85
                await context.progress(overall, note: "correlating")
                await emit(sessionId, SessionEvent("sync.computing", ["progress": .number(Self.round(overall, 1000))]))
            }
        }
        defer { reporter.cancel() }
        return try await withCheckedThrowingContinuation { (result: CheckedContinuation<SyncAnalysis, any Error>) in
            Thread {
                do {
                    let analysis = try engine.analyze(masterFiles: master, masterLabel: label, cameraFiles: cameras) {
                        continuation.yield($0)
                    }
                    continuation.finish()
                    result.resume(returning: analysis)
                } catch {
                    continuation.finish()
                    result.resume(throwing: error)
                }
            }.start()
        }
    }

    static func round(_ value: Double, _ scale: Double) -> Double { (value * scale).rounded() / scale }

    // MARK: Review

    package func syncResult(_ identity: Identity, sessionId: UUID) async throws -> (MulticamSessionRecord, SyncRecord) {
        let session = try await accessibleSession(identity, id: sessionId)
        guard let record = try await syncRepository.sync(sessionId: session.id), record.analysis != nil else {
            throw AppError(status: 404, code: .syncNotFound, message: "sync has not been computed for this session")
        }
        return (session, record)
    }

    package struct Review: Sendable, Decodable {
        package var approvedBy: String?
        package var correctedBy: String?
        package var notes: String?
        package var offsets: [String: Double]?
    }

    /// Approves the computed offsets as final. 404 until computed, 409 while a sync runs.
    package func approveSync(_ identity: Identity, sessionId: UUID, _ request: Review, now: Date = Date()) async throws -> SyncRecord {
        let (session, record) = try await reviewable(identity, sessionId: sessionId)
        let offsets = record.analysis?.offsetsMs.mapValues { Self.round($0, 100) } ?? [:]
        let entry = SyncReview(
            action: "approved", userId: identity.subject.uuidString.lowercased(), claimedBy: request.approvedBy, at: now,
            notes: request.notes, offsets: offsets)
        guard try await syncRepository.review(sessionId: session.id, operatorStatus: "approved", finalOffsets: offsets, entry: entry) else {
            throw AppError(status: 409, code: .syncInProgress, message: "a sync started meanwhile; review its result")
        }
        return try await syncRepository.sync(sessionId: session.id)!
    }

    /// Replaces the offsets by hand; every synced camera must be given, the master at 0. The computed
    /// offsets stay as `originalOffsets`; every correction is kept in the history.
    package func correctSync(_ identity: Identity, sessionId: UUID, _ request: Review, now: Date = Date()) async throws -> SyncRecord {
        let (session, record) = try await reviewable(identity, sessionId: sessionId)
        guard let given = request.offsets else { throw AppError.validation("offsets are required", field: "offsets") }
        let cameras = Set(record.analysis?.offsetsMs.keys.map { $0 } ?? [])
        if let missing = cameras.subtracting(given.keys).sorted().first {
            throw AppError(
                status: 400, code: APIErrorCode.validation, message: "offsets must include camera \(missing)",
                details: ["field": .string("offsets"), "camera": .string(missing)])
        }
        if let unknown = Set(given.keys).subtracting(cameras).sorted().first {
            throw AppError(
                status: 400, code: APIErrorCode.validation, message: "camera \(unknown) is not part of this sync",
                details: ["field": .string("offsets"), "camera": .string(unknown)])
        }
        guard given[record.masterCamera] == 0 else {
            throw AppError.validation("the master camera's offset must be 0", field: "offsets")
        }
        let limit = syncConfiguration.searchRangeSeconds * 1000 * 10
        guard given.values.allSatisfy({ $0.isFinite && abs($0) <= limit }) else {
            throw AppError.validation("offsets must be finite milliseconds within ±\(Int(limit))", field: "offsets")
        }
        let entry = SyncReview(
            action: "corrected", userId: identity.subject.uuidString.lowercased(), claimedBy: request.correctedBy, at: now,
            notes: request.notes, offsets: given)
        guard try await syncRepository.review(sessionId: session.id, operatorStatus: "corrected", finalOffsets: given, entry: entry) else {
            throw AppError(status: 409, code: .syncInProgress, message: "a sync started meanwhile; review its result")
        }
        return try await syncRepository.sync(sessionId: session.id)!
    }

    func reviewable(_ identity: Identity, sessionId: UUID) async throws -> (MulticamSessionRecord, SyncRecord) {
        let (session, record) = try await syncResult(identity, sessionId: sessionId)
        guard record.state != .running else {
            throw AppError(status: 409, code: .syncInProgress, message: "a sync is running; review its result when it completes")
        }
        return (session, record)
    }
}

/// A sync that cannot succeed for this session's media (no audio, master missing).
struct SyncFailure: Error, CustomStringConvertible, ClientFacingError {
    let reason: String
    let camera: String?
    init(_ reason: String, camera: String?) {
        self.reason = reason
        self.camera = camera
    }
    var description: String { reason }
    var clientReason: String { reason }
}
