import Foundation
import RelayAPI
import Logging
import RelayIO

extension MulticamService {
    /// `asset.ingest`: ffprobe, then proxy + mezzanine + WAV in one ffmpeg run, stored beside the
    /// original; `ready`, or `failed` with seed 000's code and a readable reason. Progress goes to the job
    /// and, as `asset.ingesting`, to the session's WebSocket. A retried job (worker killed) starts over
    /// from the original in a fresh scratch folder. A file the limits refuse, or one ffmpeg cannot read or
    /// finish in time, fails the asset at once; the message stored and sent is the client-facing one
    /// (`ClientFacingReason`), the full error is logged.
    package func ingest(job: Job, context: JobContext) async throws {
        guard let id = Self.assetId(job.payload) else { throw PermanentJobFailure("payload has no asset_id: \(job.payload)") }
        guard let asset = try await repository.asset(id: id), asset.status == .ingesting, asset.ingestionJobId == job.id else { return }
        guard let session = try await repository.session(id: asset.sessionId), let originalKey = BlobKey(asset.storageKey) else {
            throw PermanentJobFailure("asset \(id) lost its session")
        }
        let workspace = try MediaWorkspace.prepare(
            root: workRoot, name: "asset-\(id.uuidString.lowercased())", ffmpegPath: ffmpegPath, limits: mediaLimits)
        defer { workspace.remove() }
        var variableFrameRate = false
        do {
            let input = workspace.folder.appendingPathComponent("original")
            try await blobStore.download(key: originalKey, to: input)
            let media = try await MediaProbe(ffprobe: ffprobePath, limits: mediaLimits).probeMedia(input)
            guard media.video != nil || media.audioCodec != nil, media.durationSeconds > 0 else {
                throw MediaProbe.NotAVideo(reason: "the file has no playable audio or video")
            }
            let container = try MediaContainer.required(formatName: media.formatName)
            variableFrameRate = media.video?.isVariableFrameRate ?? false
            let metadata = AssetMetadata(
                durationMs: Int((media.durationSeconds * 1000).rounded()),
                fps: media.video.map { ($0.standardFrameRate * 1000).rounded() / 1000 },
                resolution: media.video.map { "\($0.width)x\($0.height)" }, codec: media.video?.codec ?? media.audioCodec ?? "unknown",
                hasAudio: media.audioCodec != nil, audioCodec: media.audioCodec, variableFrameRate: variableFrameRate)
            try await repository.setMetadata(id: id, metadata: metadata)
            await context.progress(0.05, note: "probed")

            let output = workspace.folder.appendingPathComponent("out", isDirectory: true)
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            let arguments = IngestCommands.derivatives(
                input: input, container: container, folder: output, media: media, proxyHeight: configuration.proxyHeight,
                mezzanineProfile: configuration.mezzanineProfile)
            let events = self
            try await workspace.runFFmpeg(arguments, duration: media.durationSeconds) { fraction in
                let overall = 0.05 + fraction * 0.85
                await context.progress(overall, note: "ffmpeg")
                await events.emit(session.id, .ingesting(asset, progress: overall))
            }

            var derivatives: [AssetDerivative] = []
            let planned: [(kind: String, file: String, folder: String, ext: String, type: String)] =
                (media.video == nil ? [] : [
                    ("proxy", IngestCommands.proxyFile, "proxies", "mp4", "video/mp4"),
                    ("mezzanine", IngestCommands.mezzanineFile, "mezzanines", "mov", "video/quicktime"),
                ]) + (media.audioCodec == nil ? [] : [("audio-wav", IngestCommands.audioFile, "audios", "wav", "audio/wav")])
            for item in planned {
                let file = output.appendingPathComponent(item.file)
                let size = ((try FileManager.default.attributesOfItem(atPath: file.path))[.size] as? NSNumber)?.int64Value ?? 0
                let key = self.key(session, assetId: asset.id, camera: asset.cameraLabel, chapter: asset.chapter, version: asset.version,
                    folder: item.folder, ext: item.ext)
                try await blobStore.upload(key: key, from: file, contentType: item.type)
                derivatives.append(AssetDerivative(kind: item.kind, key: key.rawValue, sizeBytes: size, contentType: item.type))
            }
            let issues = media.audioCodec == nil ? [APIErrorCode.missingAudioTrack.rawValue] : []
            guard try await repository.markReady(id: id, metadata: metadata, derivatives: derivatives, issues: issues) else { return }
            await context.progress(1, note: "ready")
            await emit(session.id, .ready(asset))
            context.logger.info("asset ready", metadata: ["asset_id": "\(id)", "camera": "\(asset.cameraLabel)", "issues": "\(issues)"])
        } catch {
            let permanent = MediaFailure.isPermanent(error)
            guard permanent || job.attempts >= job.maxAttempts else { throw error }
            let reason = ClientFacingReason.logged(
                error, "asset ingestion failed", logger: context.logger, metadata: ["asset_id": "\(id)", "attempt": "\(job.attempts)"])
            var code = APIErrorCode.ingestionFailed, message = reason.text
            if !permanent {
                message = "ingestion failed after \(job.attempts) attempts: " + reason.text
            } else if error is MediaProbe.NotAVideo {
                message = "not a media file: " + reason.text
            } else if let toolError = error as? MediaToolError, case .failed(let tool, _, _) = toolError {
                code = variableFrameRate ? .vfrConversionFailed : .ingestionFailed
                let what = variableFrameRate ? "could not convert the variable frame rate" : "could not make the derivatives"
                message = "\(tool) \(what)" + (toolError.lastErrorLine.map { ": \($0)" } ?? "")
            }
            try await fail(asset, sessionId: session.id, code: code, message: message)
            throw permanent ? PermanentJobFailure("\(error)") : error
        }
    }

    func fail(_ asset: AssetRecord, sessionId: UUID, code: APIErrorCode, message: String) async throws {
        let message = String(message.prefix(500))
        if try await repository.markFailed(id: asset.id, code: code.rawValue, message: message) {
            await emit(sessionId, .failed(asset, code: code, message: message))
        }
    }
}
