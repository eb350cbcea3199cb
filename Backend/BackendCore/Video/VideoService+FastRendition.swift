import Foundation
import Logging

extension VideoService {
    /// The fast first rendition of an upload that cannot be stream-copied (HEVC, ProRes, VP9, …): a low rung
    /// encoded at a fast preset into an EVENT playlist, its segments published while ffmpeg still runs.
    /// Once the first segment is stored the video gets a master playlist naming only this rendition and
    /// `becamePlayable` runs (READY); when ffmpeg ends the playlist is closed with `#EXT-X-ENDLIST`. A
    /// player that started on it keeps reloading `fast.m3u8`, which stays served after the ladder takes
    /// over `/manifest`.
    ///
    /// A retried job encodes it again from the start and replaces the stored playlist once it has got
    /// further. Should the encode fail for good (`lastAttempt`, or an input it cannot read), what was
    /// published is closed as it is: a player reaches a clean end instead of waiting for ever.
    func encodeFastRendition(
        _ video: VideoRecord, input: URL, container: MediaContainer, metadata: VideoMetadata, height: Int, folder: URL,
        workspace: MediaWorkspace, context: JobContext, progress: ClosedRange<Double>, lastAttempt: Bool,
        becamePlayable: @Sendable () async throws -> Void
    ) async throws {
        let short = min(height, max(2, metadata.shortSide - metadata.shortSide % 2))
        let rung = HLSRung(shortSide: short, name: HLSNames.fastRendition)
        let arguments = HLSCommands.ladder(
            input: input, container: container, folder: folder, metadata: metadata, rungs: [rung],
            segmentSeconds: configuration.segmentSeconds, preset: configuration.fastPreset, growing: true,
            readRate: configuration.fastReadRate)
        var publisher = GrowingRenditionPublisher(
            service: self, video: video, rung: rung, folder: folder, stored: try await storedFastRendition(video))
        do {
            try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    try await self.runFFmpeg(
                        arguments, duration: metadata.durationSeconds, workspace: workspace, context: context, progress: progress)
                    return true
                }
                var encoded = false
                while !encoded {
                    group.addTask {
                        try await Task.sleep(for: .milliseconds(150))
                        return false
                    }
                    encoded = try await group.next() ?? true
                    if encoded { group.cancelAll() }
                    // A playlist caught between ffmpeg's writes is read again at the next look.
                    if (try? await publisher.publishNew(final: false)) == true { try await becamePlayable() }
                }
            }
            if try await publisher.publishNew(final: true) { try await becamePlayable() }
        } catch {
            if publisher.published > 0, lastAttempt || MediaFailure.isPermanent(error) {
                try? await publisher.close()
                context.logger.warning(
                    "fast rendition failed after it became playable; closed at \(publisher.published) segments",
                    metadata: ["video_id": "\(video.id)", "error": "\(error)"])
            }
            throw error
        }
    }

    /// The fast rendition's playlist as stored by an earlier attempt (nil: none).
    func storedFastRendition(_ video: VideoRecord) async throws -> HLSPlaylist.Media? {
        guard video.renditions.contains(HLSNames.fastRendition) else { return nil }
        let text = String(decoding: try await blobStore.get(key: Self.hlsKey(video, HLSNames.fastRendition + ".m3u8")), as: UTF8.self)
        return try HLSPlaylist.rewriteMedia(text.replacingOccurrences(of: "segment/", with: ""), growing: true)
    }

    /// Whether the video's first playable output is whole: a stream copy always is; the fast rendition once
    /// its playlist is closed.
    func firstOutputIsComplete(_ video: VideoRecord) async throws -> Bool {
        try await storedFastRendition(video)?.isComplete ?? true
    }

    /// The master playlist of the fast rendition alone, from its first stored segment.
    func fastMaster(rung: HLSRung, firstSegment: URL) async throws -> String {
        let encoded = try await prober.probe(firstSegment)
        // Its rate control caps the video at `videoKbps` × 1.07 (`-maxrate`), plus the audio.
        let bandwidth = (rung.videoKbps * 107 / 100 + rung.audioKbps) * 1000
        return HLSPlaylist.master([
            HLSPlaylist.Variant(
                name: rung.name, bandwidth: bandwidth, averageBandwidth: (rung.videoKbps + rung.audioKbps) * 1000, width: encoded.width,
                height: encoded.height,
                codecs: HLSPlaylist.codecs(h264Profile: encoded.videoProfile, level: encoded.videoLevel, hasAudio: encoded.audioCodec != nil),
                frameRate: encoded.frameRate)
        ])
    }
}
