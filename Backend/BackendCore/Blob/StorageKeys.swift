import Foundation

/// Every key the backend stores an object under, in one place. Each key carries the id of the row the
/// object belongs to (image, video, asset, sync run), so two rows built from identical client input —
/// the same project, date, camera and file name — can never share an object: a later upload cannot
/// replace an earlier one's bytes. Client text (project ids) passes `BlobKey`'s rules before it gets here.
/// Rows keep the key they were stored with; changing a layout here never moves existing objects.
package enum StorageKeys {
    /// A capture photo: `org/{org}/site/{site}/session/{session}/{image}.{ext}` (seed 001).
    package static func captureImage(orgId: UUID, siteId: UUID, sessionId: UUID, imageId: UUID, ext: String) -> BlobKey {
        BlobKey(segments: "org", text(orgId), "site", text(siteId), "session", text(sessionId), "\(text(imageId)).\(ext)")
    }

    /// A capture photo's thumbnail of `size` pixels, beside its original.
    package static func captureThumbnail(orgId: UUID, siteId: UUID, sessionId: UUID, imageId: UUID, size: Int) -> BlobKey {
        BlobKey(segments: "org", text(orgId), "site", text(siteId), "session", text(sessionId), "\(text(imageId))_thumb_\(size).jpg")
    }

    /// An uploaded video's original (seed 003).
    package static func videoOriginal(orgId: UUID, videoId: UUID) -> BlobKey {
        BlobKey(segments: "videos", text(orgId), text(videoId), "original")
    }

    /// One HLS file of a video (`master.m3u8`, `720p_00003.ts`); `name` must pass `HLSNames`.
    package static func videoHLS(orgId: UUID, videoId: UUID, name: String) -> BlobKey {
        BlobKey(segments: "videos", text(orgId), text(videoId), "hls", name)
    }

    /// A multi-camera asset's original or derivative (seed 000's layout under the org, with the asset's id):
    /// `orgs/{org}/projects/{project}/{yyyymmdd}/{folder}/angle-{nnn}_v{kkk}_{asset}.{ext}`, and
    /// `angle-{nnn}_c{ccc}_v{kkk}_{asset}.{ext}` for a camera's second and later files (chapters). `folder`
    /// is `originals`, `proxies`, `mezzanines` or `audios`; `cameraIndex` is the camera's 1-based position.
    package static func multicamAsset(
        orgId: UUID, projectId: String, date: String, assetId: UUID, cameraIndex: Int, chapter: Int = 1, version: Int, folder: String,
        ext: String
    ) -> BlobKey {
        let angle = chapter == 1 ? String(format: "angle-%03d_", cameraIndex) : String(format: "angle-%03d_c%03d_", cameraIndex, chapter)
        let name = angle + String(format: "v%03d_", version) + text(assetId) + "." + ext
        return BlobKey(segments: "orgs", text(orgId), "projects", projectId, compact(date), folder, name)
    }

    /// A sync run's correlation plot for one camera: under the session and the run's job, so a recompute
    /// never overwrites the plot an earlier result (or another session of the project) points at.
    package static func syncPlot(
        orgId: UUID, projectId: String, date: String, sessionId: UUID, jobId: String, cameraIndex: Int
    ) -> BlobKey {
        BlobKey(
            segments: "orgs", text(orgId), "projects", projectId, compact(date), "sync", text(sessionId), safe(jobId),
            String(format: "correlation-angle-%03d.svg", cameraIndex))
    }

    static func text(_ id: UUID) -> String { id.uuidString.lowercased() }

    /// `2026-02-03` → `20260203`.
    static func compact(_ date: String) -> String { date.replacingOccurrences(of: "-", with: "") }

    /// A server-made id as one key segment (job ids are UUID text; anything else is reduced to safe bytes).
    static func safe(_ id: String) -> String {
        let kept = String(id.lowercased().unicodeScalars.filter { CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789-").contains($0) })
        return kept.isEmpty ? "run" : kept
    }
}
