import BackendCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import RelayAPI

/// Seed 003 under `/v1`, and at the root where seed 003's contract puts it (`SeedBasePaths`): `POST /upload`,
/// the status WebSocket, the ready list, manifests and segments.
struct VideoController {
    let video: VideoService
    /// Signs and checks playback tokens.
    let auth: AuthService
    /// Where upload bodies are streamed before they go to the blob store.
    let uploadFolder: URL
    /// Closes the status socket when its caller's token expires or the caller is revoked.
    let watchdog: WebSocketAuthWatchdog

    static let playlistType = "application/vnd.apple.mpegurl"
    /// Segments never change once listed: caches may keep them.
    static let segmentCacheControl = "public, max-age=31536000, immutable"

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("upload") { request, context -> EditedResponse<VideoCreated> in
            try await upload(request, context: context)
        }
        group.authenticatedWebSocket(
            "video/:videoId/status/stream", watchdog: watchdog,
            authorize: { _, context in
                _ = try await video.accessibleVideo(
                    try context.requireIdentity(), id: try context.pathID(VideoService.notFoundCode, parameter: "videoId"))
            },
            onUpgrade: { inbound, outbound, context in
                guard let id = try? context.pathID(VideoService.notFoundCode, parameter: "videoId") else { return }
                try await VideoStatusStream(video: video, id: id).run(inbound: inbound, outbound: outbound)
            })
        group.get("stream/ready") { _, context -> Response in
            let ids = try await video.readyVideoIds(context.requireIdentity())
            let body = try JSONEncoder().encode(ids.map { $0.uuidString.lowercased() })
            return Response(
                status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        group.get("stream/:videoId/manifest") { _, context -> Response in
            let text = try await video.manifest(
                context.requireIdentity(), id: try context.pathID(VideoService.notFoundCode, parameter: "videoId"))
            return Self.playlist(text)
        }
        group.get("stream/:videoId/:playlist") { _, context -> Response in
            let name = context.parameters.get("playlist") ?? ""
            let text = try await video.mediaPlaylist(
                context.requireIdentity(), id: try context.pathID(VideoService.notFoundCode, parameter: "videoId"), name: name)
            return Self.playlist(text)
        }
        group.get("stream/:videoId/segment/:segmentId") { request, context -> Response in
            try await segment(
                request, identity: try context.requireIdentity(),
                id: try context.pathID(VideoService.notFoundCode, parameter: "videoId"),
                segmentId: context.parameters.get("segmentId") ?? "")
        }
        group.post("stream/:videoId/playback") { _, context -> PlaybackGrant in
            try await playbackGrant(try context.requireIdentity(), id: try context.pathID(VideoService.notFoundCode, parameter: "videoId"))
        }
    }

    /// `GET /v1/videos` (the org's videos, newest first) and `/v1/videos/{videoId}`: only under `/v1`, seed
    /// 003 has neither.
    func addListRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("videos") { request, context -> PageResponse<VideoRow> in
            let identity = try context.requireIdentity()
            let page = try Page(request)
            let (videos, total) = try await video.repository.videos(
                orgId: identity.orgId, state: try Page.choice(request, "state", VideoRecord.State.self), limit: page.limit, offset: page.offset)
            return page.response(videos.map(VideoRow.init), total: total)
        }
        group.get("videos/:videoId") { _, context -> VideoRow in
            VideoRow(try await video.accessibleVideo(
                try context.requireIdentity(), id: try context.pathID(VideoService.notFoundCode, parameter: "videoId")))
        }
    }

    /// How long a playback URL works: a feature film's length and then some; the grant is checked
    /// against the caller's account on every request, so a revoked user stops at once anyway.
    static let playbackLifetime: TimeInterval = 4 * 3_600

    /// A URL under which a media element plays the video's HLS without a bearer header.
    func playbackGrant(_ identity: Identity, id: UUID) async throws -> PlaybackGrant {
        _ = try await video.streamableVideo(identity, id: id)
        let (token, expiresAt) = try await auth.tokens.issuePlayback(for: identity, videoId: id, lifetime: Self.playbackLifetime)
        return PlaybackGrant(url: "/v1/play/\(token)/\(Self.playbackManifest)", expiresAt: expiresAt)
    }

    /// The master playlist's name under `/v1/play/{token}/` (a `.m3u8` name, which players look for).
    static let playbackManifest = "manifest.m3u8"

    /// `/v1/play/{token}/…`, outside the bearer-token routes: the token in the path is the credential.
    func addPlaybackRoutes(to router: Router<AppRequestContext>) {
        router.get("/v1/play/:token/:playlist") { _, context -> Response in
            let (identity, id) = try await playback(context)
            let name = context.parameters.get("playlist") ?? ""
            if name == Self.playbackManifest { return Self.playlist(try await video.manifest(identity, id: id)) }
            return Self.playlist(try await video.mediaPlaylist(identity, id: id, name: name))
        }
        router.get("/v1/play/:token/segment/:segmentId") { request, context -> Response in
            let (identity, id) = try await playback(context)
            return try await segment(request, identity: identity, id: id, segmentId: context.parameters.get("segmentId") ?? "")
        }
    }

    /// The playback token's caller, confirmed against the database (deleted users and changed orgs stop
    /// at once), and its video.
    func playback(_ context: AppRequestContext) async throws -> (Identity, UUID) {
        let grant = try await auth.tokens.verifyPlayback(context.parameters.get("token") ?? "")
        return (try await auth.confirm(grant.identity), grant.videoId)
    }

    static func playlist(_ text: String) -> Response {
        // Playlists change (remux → ladder): always revalidate.
        Response(
            status: .ok, headers: [.contentType: playlistType, .cacheControl: "no-cache"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    func upload(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<VideoCreated> {
        let identity = try context.requireIdentity()
        let limit = video.configuration.maxUploadBytes
        if let length = request.headers[.contentLength].flatMap({ Int64($0) }), length > limit + MultipartFileReceiver.maxOverheadBytes {
            throw AppError(
                status: 413, code: APIErrorCode.payloadTooLarge, message: "request body of \(length) bytes exceeds the \(limit)-byte upload limit",
                details: ["max_bytes": .number(Double(limit))])
        }
        guard let boundary = MultipartFileReceiver.boundary(contentType: request.headers[.contentType]) else {
            throw AppError.validation("no file provided: send multipart/form-data with the video in field file", field: "file")
        }
        let receiver = MultipartFileReceiver(field: "file", maxFileBytes: limit, folder: uploadFolder)
        let file = try await receiver.receive(request.body, boundary: boundary)
        defer { try? FileManager.default.removeItem(at: file.url) }
        let record = try await video.createVideo(
            identity, file: file.url, fileName: file.fileName, size: file.size, contentType: file.contentType)
        context.logger.info("video uploaded", metadata: ["video_id": "\(record.id)", "bytes": "\(file.size)"])
        return EditedResponse(status: .created, response: VideoCreated(videoId: record.id.uuidString.lowercased()))
    }

    func segment(_ request: Request, identity: Identity, id: UUID, segmentId: String) async throws -> Response {
        let (key, metadata) = try await video.segment(identity, id: id, segmentId: segmentId)
        var headers: HTTPFields = [
            .contentType: "video/MP2T", .cacheControl: Self.segmentCacheControl, .acceptRanges: "bytes",
        ]
        if let etag = metadata.etag {
            let quoted = "\"\(etag)\""
            headers[.eTag] = quoted
            if let match = request.headers[.ifNoneMatch], match == "*" || match.split(separator: ",").contains(where: {
                $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "W/", with: "") == quoted
            }) {
                return Response(status: .notModified, headers: headers)
            }
        }
        switch ByteRange.parse(request.headers[.range], size: metadata.size) {
        case .unsatisfiable:
            throw AppError(
                status: 416, code: .rangeNotSatisfiable, message: "the range is outside the segment's \(metadata.size) bytes",
                headers: ["Content-Range": "bytes */\(metadata.size)"])
        case .partial(let range):
            headers[.contentRange] = range.contentRange(size: metadata.size)
            headers[.contentLength] = "\(range.length)"
            let body = try await video.blobStore.read(key: key, range: range)
            return Response(status: .partialContent, headers: headers, body: .init(asyncSequence: body))
        case .whole:
            headers[.contentLength] = "\(metadata.size)"
            let body = try await video.blobStore.read(key: key, range: nil)
            return Response(status: .ok, headers: headers, body: .init(asyncSequence: body))
        }
    }
}

/// `POST /v1/stream/{videoId}/playback`: where a `<video>` element can play the video.
struct PlaybackGrant: ResponseEncodable {
    /// `/v1/play/{token}/manifest.m3u8`, relative to the server.
    let url: String
    let expiresAt: Date

    enum CodingKeys: String, CodingKey {
        case url
        case expiresAt = "expires_at"
    }
}

/// `201` body of `POST /v1/upload`.
struct VideoCreated: ResponseEncodable {
    let videoId: String
}
