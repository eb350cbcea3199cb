import Foundation
import Logging

extension VideoService {
    /// `video.process`: probe, then the first playable manifest — a stream copy when the upload is
    /// already H.264/AAC (seconds), else the fast rendition, READY from its first segment (or, with
    /// `hls_fast_height` off, the ladder encode) — then READY. Idempotent: a retried job
    /// (worker killed, backend restarted) starts the step again from the original. An input the limits
    /// refuse, or one ffmpeg cannot read or finish in time, fails the video at once; the reason stored
    /// is the client-facing one (`ClientFacingReason`), the full error is logged.
    package func process(job: Job, context: JobContext) async throws {
        guard let id = Self.videoId(job.payload) else { throw PermanentJobFailure("payload has no video_id: \(job.payload)") }
        guard var video = try await repository.video(id: id) else { throw PermanentJobFailure("video \(id) no longer exists") }
        if video.state == .ready, video.ladderState == .pending, job.attempts > 1 {
            // An earlier attempt became playable and died before queueing the ladder: on the stream copy, or
            // part way through the fast rendition (encoded again, below). (Should two ladder jobs exist, the
            // second finds the ladder done and returns.)
            if try await firstOutputIsComplete(video) {
                try await jobQueue.enqueue(NewJob(kind: Self.ladderJobKind, payload: Self.payload(id), priority: 200, maxAttempts: 3))
                return
            }
        } else if video.state.isTerminal {
            return
        }
        if video.state == .uploaded, try await repository.transition(id: id, from: [.uploaded], to: .processing, failureReason: nil) {
            video.state = .processing
            await notify(id, .processing)
        }
        let workspace = try workspace(id, step: "process")
        defer { workspace.remove() }
        let folder = workspace.folder
        do {
            let input = try await fetchOriginal(video, into: folder)
            let metadata = try await prober.probe(input)
            let container = try MediaContainer.required(formatName: metadata.formatName)
            try await repository.setMetadata(id: id, metadata: metadata)
            await context.progress(0.05, note: "probed")
            let output = folder.appendingPathComponent("hls", isDirectory: true)
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            if metadata.isRemuxable {
                try await runFFmpeg(
                    HLSCommands.remux(input: input, container: container, folder: output, segmentSeconds: configuration.segmentSeconds),
                    duration: metadata.durationSeconds, workspace: workspace, context: context, progress: 0.05...0.8)
                _ = try await publishRendition(video, name: HLSNames.sourceRendition, folder: output)
                let ladder = !configuration.ladder.isEmpty
                let published = try await repository.publishManifest(
                    id: id, manifest: HLSNames.sourceRendition + ".m3u8", renditions: [HLSNames.sourceRendition],
                    ladderState: ladder ? .pending : .none, ready: true)
                guard published else { return }
                await notify(id, .ready)
                context.logger.info("video playable (stream copy)", metadata: ["video_id": "\(id)"])
                if ladder {
                    try await jobQueue.enqueue(NewJob(kind: Self.ladderJobKind, payload: Self.payload(id), priority: 200, maxAttempts: 3))
                }
            } else if let fastHeight = configuration.fastHeight {
                // Not playable as is: the fast rendition first, playable from its first segment; the ladder
                // (or, with the ladder off, one rendition of the source's size up to 1080) follows.
                let alreadyPlayable = video.state == .ready
                try await encodeFastRendition(
                    video, input: input, container: container, metadata: metadata, height: fastHeight, folder: output,
                    workspace: workspace, context: context, progress: 0.05...0.95, lastAttempt: job.attempts >= job.maxAttempts
                ) {
                    guard !alreadyPlayable else { return }
                    guard
                        try await self.repository.publishManifest(
                            id: id, manifest: HLSNames.masterPlaylist, renditions: [HLSNames.fastRendition], ladderState: .pending,
                            ready: true)
                    else { throw PermanentJobFailure("video \(id) left PROCESSING while its fast rendition was encoded") }
                    await self.notify(id, .ready)
                    context.logger.info("video playable (fast rendition, growing)", metadata: ["video_id": "\(id)"])
                }
                try await jobQueue.enqueue(NewJob(kind: Self.ladderJobKind, payload: Self.payload(id), priority: 200, maxAttempts: 3))
            } else {
                // Not playable as is: the ladder (or one rendition when the ladder is off) is the first output.
                let configured = configuration.ladder.isEmpty ? [min(1080, metadata.shortSide)] : configuration.ladder
                let rungs = HLSRung.plan(configured: configured, sourceShortSide: metadata.shortSide)
                let variants = try await encodeLadder(
                    video, input: input, container: container, metadata: metadata, rungs: rungs, folder: output, workspace: workspace,
                    context: context, progress: 0.05...0.95)
                try await blobStore.put(
                    key: Self.hlsKey(video, HLSNames.masterPlaylist), data: Data(HLSPlaylist.master(variants).utf8),
                    contentType: "application/vnd.apple.mpegurl")
                guard
                    try await repository.publishManifest(
                        id: id, manifest: HLSNames.masterPlaylist, renditions: rungs.map(\.name), ladderState: .none, ready: true)
                else { return }
                await notify(id, .ready)
                context.logger.info("video playable (encoded)", metadata: ["video_id": "\(id)"])
            }
        } catch {
            let permanent = MediaFailure.isPermanent(error)
            guard permanent || job.attempts >= job.maxAttempts else { throw error }
            let reason = ClientFacingReason.logged(
                error, "video processing failed", logger: context.logger, metadata: ["video_id": "\(id)", "attempt": "\(job.attempts)"])
            let prefix = error is MediaProbe.NotAVideo ? "not a video: " : permanent ? "" : "processing failed after \(job.attempts) attempts: "
            try await fail(id, reason: prefix + reason.text)
            if try await repository.video(id: id)?.state == .ready {
                // Playable on what the fast rendition had stored (closed); no ladder will come.
                try await repository.setLadderState(id: id, .failed)
            }
            throw permanent ? PermanentJobFailure("\(error)") : error
        }
    }

    /// `video.ladder`: the adaptive ladder after the fast remux or the fast rendition; the master playlist
    /// replaces it at `/manifest` when every rung is stored. A failure leaves the video READY on what it had.
    package func buildLadder(job: Job, context: JobContext) async throws {
        guard let id = Self.videoId(job.payload) else { throw PermanentJobFailure("payload has no video_id: \(job.payload)") }
        guard let video = try await repository.video(id: id), video.state == .ready, video.ladderState == .pending else { return }
        let workspace = try workspace(id, step: "ladder")
        defer { workspace.remove() }
        let folder = workspace.folder
        do {
            let input = try await fetchOriginal(video, into: folder)
            let metadata: VideoMetadata
            if let known = video.metadata {
                metadata = known
            } else {
                metadata = try await prober.probe(input)
            }
            let container = try MediaContainer.required(formatName: metadata.formatName)
            let output = folder.appendingPathComponent("hls", isDirectory: true)
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            let configured = configuration.ladder.isEmpty ? [min(1080, metadata.shortSide)] : configuration.ladder
            let rungs = HLSRung.plan(configured: configured, sourceShortSide: metadata.shortSide)
            var variants = try await encodeLadder(
                video, input: input, container: container, metadata: metadata, rungs: rungs, folder: output, workspace: workspace,
                context: context, progress: 0...0.95)
            var renditions = rungs.map(\.name)
            // A source above the top rung (4K H.264, say) stays available as the best variant.
            if let top = rungs.first, metadata.shortSide > top.shortSide, video.renditions.contains(HLSNames.sourceRendition),
                let source = try await storedVariant(video, rendition: HLSNames.sourceRendition, metadata: metadata)
            {
                variants.append(source)
                renditions.append(HLSNames.sourceRendition)
            }
            try await blobStore.put(
                key: Self.hlsKey(video, HLSNames.masterPlaylist), data: Data(HLSPlaylist.master(variants).utf8),
                contentType: "application/vnd.apple.mpegurl")
            // The remux or the fast rendition stays servable for players that loaded its playlist before the switch.
            var stored = renditions
            for earlier in video.renditions where !stored.contains(earlier) { stored.append(earlier) }
            _ = try await repository.publishManifest(
                id: id, manifest: HLSNames.masterPlaylist, renditions: stored, ladderState: .done, ready: false)
            await notify(id, .ready)
            context.logger.info("video ladder stored", metadata: ["video_id": "\(id)", "renditions": "\(renditions)"])
        } catch {
            if MediaFailure.isPermanent(error) || job.attempts >= job.maxAttempts {
                try await repository.setLadderState(id: id, .failed)
                context.logger.warning("video ladder failed; the stream copy stays", metadata: ["video_id": "\(id)", "error": "\(error)"])
                throw PermanentJobFailure("ladder failed: \(error)")
            }
            throw error
        }
    }

    // MARK: Steps

    /// Encodes `rungs` in one ffmpeg run, stores every rung and returns their master-playlist entries.
    func encodeLadder(
        _ video: VideoRecord, input: URL, container: MediaContainer, metadata: VideoMetadata, rungs: [HLSRung], folder: URL,
        workspace: MediaWorkspace, context: JobContext, progress: ClosedRange<Double>
    ) async throws -> [HLSPlaylist.Variant] {
        try await runFFmpeg(
            HLSCommands.ladder(
                input: input, container: container, folder: folder, metadata: metadata, rungs: rungs,
                segmentSeconds: configuration.segmentSeconds, preset: configuration.x264Preset),
            duration: metadata.durationSeconds, workspace: workspace, context: context, progress: progress)
        var variants: [HLSPlaylist.Variant] = []
        for rung in rungs {
            let (media, sizes) = try await publishRendition(video, name: rung.name, folder: folder)
            let first = folder.appendingPathComponent(media.segments[0].name)
            let encoded = try await prober.probe(first)
            let rates = HLSPlaylist.Variant.bitRates(segments: media.segments, sizes: sizes)
            variants.append(
                HLSPlaylist.Variant(
                    name: rung.name, bandwidth: rates.peak, averageBandwidth: rates.average, width: encoded.width,
                    height: encoded.height,
                    codecs: HLSPlaylist.codecs(
                        h264Profile: encoded.videoProfile, level: encoded.videoLevel, hasAudio: encoded.audioCodec != nil),
                    frameRate: encoded.frameRate))
        }
        // Lowest first: players start cheap and climb.
        return variants.sorted { $0.bandwidth < $1.bandwidth }
    }

    /// Checks and rewrites `{name}.m3u8` in `folder`, stores its segments (four at a time) and then the
    /// playlist, so a stored playlist never names a missing segment.
    func publishRendition(_ video: VideoRecord, name: String, folder: URL) async throws -> (HLSPlaylist.Media, [Int64]) {
        let written = try String(contentsOf: folder.appendingPathComponent(name + ".m3u8"), encoding: .utf8)
        let media = try HLSPlaylist.rewriteMedia(written)
        var sizes: [Int64] = []
        for segment in media.segments {
            guard HLSNames.rendition(ofSegment: segment.name) == name else {
                throw HLSPlaylist.Invalid(reason: "segment \(segment.name) does not belong to \(name)")
            }
            let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(segment.name).path)
            sizes.append((attributes[.size] as? NSNumber)?.int64Value ?? 0)
        }
        let store = blobStore
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, segment) in media.segments.enumerated() {
                if index >= 4 { try await group.next() }
                group.addTask {
                    try await store.upload(
                        key: Self.hlsKey(video, segment.name), from: folder.appendingPathComponent(segment.name),
                        contentType: "video/MP2T")
                }
            }
            try await group.waitForAll()
        }
        try await blobStore.put(
            key: Self.hlsKey(video, name + ".m3u8"), data: Data(media.text.utf8), contentType: "application/vnd.apple.mpegurl")
        return (media, sizes)
    }

    /// The master-playlist entry of an already stored rendition (sizes from the store).
    func storedVariant(_ video: VideoRecord, rendition: String, metadata: VideoMetadata) async throws -> HLSPlaylist.Variant? {
        let text = String(decoding: try await blobStore.get(key: Self.hlsKey(video, rendition + ".m3u8")), as: UTF8.self)
        let segments = try HLSPlaylist.rewriteMedia(text.replacingOccurrences(of: "segment/", with: "")).segments
        var sizes: [Int64] = []
        for segment in segments {
            guard let head = try await blobStore.head(key: Self.hlsKey(video, segment.name)) else { return nil }
            sizes.append(head.size)
        }
        let rates = HLSPlaylist.Variant.bitRates(segments: segments, sizes: sizes)
        return HLSPlaylist.Variant(
            name: rendition, bandwidth: rates.peak, averageBandwidth: rates.average, width: metadata.width, height: metadata.height,
            codecs: HLSPlaylist.codecs(h264Profile: metadata.videoProfile, level: metadata.videoLevel, hasAudio: metadata.audioCodec != nil),
            frameRate: metadata.frameRate)
    }

    /// Runs ffmpeg in `workspace`, mapping its progress onto `progress` of the job.
    func runFFmpeg(
        _ arguments: [String], duration: Double, workspace: MediaWorkspace, context: JobContext, progress: ClosedRange<Double>
    ) async throws {
        try await workspace.runFFmpeg(arguments, duration: duration) { fraction in
            await context.progress(progress.lowerBound + fraction * (progress.upperBound - progress.lowerBound), note: "ffmpeg")
        }
    }

    func fetchOriginal(_ video: VideoRecord, into folder: URL) async throws -> URL {
        guard let key = BlobKey(video.originalKey) else { throw PermanentJobFailure("bad original key") }
        let input = folder.appendingPathComponent("original")
        do {
            try await blobStore.download(key: key, to: input)
        } catch let error as BlobStoreError where error.code == .notFound {
            try await fail(video.id, reason: "the uploaded file is missing from storage")
            throw PermanentJobFailure("original missing")
        }
        return input
    }

    /// A fresh scratch folder for this video and step (see `MediaWorkspace`).
    func workspace(_ id: UUID, step: String) throws -> MediaWorkspace {
        try MediaWorkspace.prepare(
            root: workRoot, name: "video-\(id.uuidString.lowercased())-\(step)", ffmpegPath: configuration.ffmpegPath,
            limits: configuration.limits)
    }

    /// ffprobe with this configuration's executable and limits.
    var prober: MediaProbe { MediaProbe(ffprobe: configuration.ffprobePath, limits: configuration.limits) }

    func fail(_ id: UUID, reason: String) async throws {
        if try await repository.transition(id: id, from: [.uploaded, .processing], to: .failed, failureReason: String(reason.prefix(500))) {
            await notify(id, .failed)
        }
    }

    func notify(_ id: UUID, _ state: VideoRecord.State) async {
        await bus.publish(Self.channel(id), state.rawValue)
    }
}
