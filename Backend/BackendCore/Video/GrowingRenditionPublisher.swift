import Foundation

/// Publishes a rendition while ffmpeg writes it (an EVENT playlist, `temp_file`: whatever the playlist
/// lists is whole on disk): each look stores the segments not yet stored, then the playlist naming them,
/// so a stored playlist never names a missing segment. The first look that finds segments also stores the
/// master playlist naming this rendition alone.
struct GrowingRenditionPublisher {
    let service: VideoService
    let video: VideoRecord
    let rung: HLSRung
    let folder: URL
    /// Segments in the store.
    private(set) var stored: Set<String> = []
    /// Segments the stored playlist names.
    private(set) var published = 0
    /// The stored playlist.
    private(set) var last: HLSPlaylist.Media?

    /// - Parameter stored: the playlist an earlier attempt stored, if any: it is replaced only once this
    ///   encode has got further (an EVENT playlist never shrinks under a player), and the segments it lists
    ///   are not stored again (a listed segment never changes: players and caches may hold it).
    init(service: VideoService, video: VideoRecord, rung: HLSRung, folder: URL, stored earlier: HLSPlaylist.Media? = nil) {
        self.service = service
        self.video = video
        self.rung = rung
        self.folder = folder
        self.stored = Set(earlier?.segments.map(\.name) ?? [])
        self.published = earlier?.segments.count ?? 0
        self.last = earlier
    }

    /// Stores what ffmpeg has finished since the last look; `final` (ffmpeg has ended) requires the
    /// playlist to be complete. Returns true when this look made the rendition playable (its first segments).
    mutating func publishNew(final: Bool) async throws -> Bool {
        let written = try String(contentsOf: folder.appendingPathComponent(rung.name + ".m3u8"), encoding: .utf8)
        let media = try HLSPlaylist.rewriteMedia(written, growing: !final)
        guard media.segments.count > published || media.isComplete != (last?.isComplete ?? false) else { return false }
        for segment in media.segments where !stored.contains(segment.name) {
            guard HLSNames.rendition(ofSegment: segment.name) == rung.name else {
                throw HLSPlaylist.Invalid(reason: "segment \(segment.name) does not belong to \(rung.name)")
            }
            try await service.blobStore.upload(
                key: VideoService.hlsKey(video, segment.name), from: folder.appendingPathComponent(segment.name), contentType: "video/MP2T")
            stored.insert(segment.name)
        }
        let playable = published == 0
        if playable {
            let master = try await service.fastMaster(rung: rung, firstSegment: folder.appendingPathComponent(media.segments[0].name))
            try await service.blobStore.put(
                key: VideoService.hlsKey(video, HLSNames.masterPlaylist), data: Data(master.utf8), contentType: "application/vnd.apple.mpegurl")
        }
        try await service.blobStore.put(
            key: VideoService.hlsKey(video, rung.name + ".m3u8"), data: Data(media.text.utf8), contentType: "application/vnd.apple.mpegurl")
        published = media.segments.count
        last = media
        return playable
    }

    /// Closes the stored playlist where it stands (`#EXT-X-ENDLIST`), when the encode cannot go on.
    func close() async throws {
        guard let last, !last.isComplete else { return }
        try await service.blobStore.put(
            key: VideoService.hlsKey(video, rung.name + ".m3u8"), data: Data((last.text + "#EXT-X-ENDLIST\n").utf8),
            contentType: "application/vnd.apple.mpegurl")
    }
}
