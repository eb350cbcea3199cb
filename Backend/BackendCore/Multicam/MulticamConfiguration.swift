import Foundation

/// Multi-camera recording settings (seed 000). Keys are listed in the README ("Configuration").
package struct MulticamConfiguration: Sendable, Equatable {
    /// Camera labels accepted by init-upload. Key `multicam_camera_labels`: `A-Z` (default, single
    /// letters) or a comma-separated list of labels of 1–16 characters `[A-Za-z0-9_-]`.
    package var cameraLabels: [String]
    /// Largest asset. Key `multicam_max_bytes`, default 500 GiB (S3 allows 10,000 parts of ≤ 5 GiB).
    package var maxAssetBytes: Int64
    /// Smallest part size in MiB (S3's minimum is 5). Key `multicam_min_part_mib`, default 16.
    package var minPartMiB: Int
    /// Lifetime of presigned part URLs. Key `multicam_upload_url_hours`, default 24 (1–168).
    package var uploadURLLifetime: Duration
    /// ProRes profile of the mezzanine: `proxy`, `lt` (default), `standard` or `hq`. Key `multicam_mezzanine_profile`.
    package var mezzanineProfile: String
    /// Short side of the H.264 proxy. Key `multicam_proxy_height`, default 540.
    package var proxyHeight: Int
    /// How far apart cameras may have started, for audio sync. Key `sync_search_range_seconds`, default 120
    /// (1–600).
    package var syncSearchRangeSeconds: Int
    /// Recordings longer than this are decoded for sync into scratch files and read a window at a time
    /// (bounded memory). Key `sync_stream_above_seconds`, default 600 (0–86,400; 0 streams every one).
    package var syncStreamAboveSeconds: Int

    package static let mezzanineProfiles = ["proxy", "lt", "standard", "hq"]

    package init(
        cameraLabels: [String] = (UnicodeScalar("A").value...UnicodeScalar("Z").value).map { String(UnicodeScalar($0)!) },
        maxAssetBytes: Int64 = 500 << 30, minPartMiB: Int = 16, uploadURLLifetime: Duration = .seconds(24 * 3600),
        mezzanineProfile: String = "lt", proxyHeight: Int = 540, syncSearchRangeSeconds: Int = 120, syncStreamAboveSeconds: Int = 600
    ) {
        self.syncSearchRangeSeconds = syncSearchRangeSeconds
        self.syncStreamAboveSeconds = syncStreamAboveSeconds
        self.cameraLabels = cameraLabels
        self.maxAssetBytes = maxAssetBytes
        self.minPartMiB = minPartMiB
        self.uploadURLLifetime = uploadURLLifetime
        self.mezzanineProfile = mezzanineProfile
        self.proxyHeight = proxyHeight
    }

    package init(_ source: ConfigurationSource) throws {
        self.init()
        cameraLabels = try Self.parseLabels(source.string("multicam_camera_labels"))
        maxAssetBytes = Int64(try source.int("multicam_max_bytes", default: 500 << 30, in: 1024...(50 << 40)))
        minPartMiB = try source.int("multicam_min_part_mib", default: 16, in: 5...5120)
        uploadURLLifetime = .seconds(try source.int("multicam_upload_url_hours", default: 24, in: 1...168) * 3600)
        mezzanineProfile = try source.choice("multicam_mezzanine_profile", default: "lt", allowed: Self.mezzanineProfiles)
        proxyHeight = try source.int("multicam_proxy_height", default: 540, in: 144...2160)
        syncSearchRangeSeconds = try source.int("sync_search_range_seconds", default: 120, in: 1...600)
        syncStreamAboveSeconds = try Self.streamAboveSeconds(source)
    }

    /// `sync_stream_above_seconds`, read by seed 000's sync and by the analyzer alike.
    package static func streamAboveSeconds(_ source: ConfigurationSource) throws -> Int {
        try source.int("sync_stream_above_seconds", default: 600, in: 0...86_400)
    }

    /// `A-Z` or a comma list → labels; refuses empties, duplicates and unsafe characters.
    package static func parseLabels(_ text: String?) throws -> [String] {
        guard let text, text.trimmingCharacters(in: .whitespaces).uppercased() != "A-Z" else { return MulticamConfiguration().cameraLabels }
        let labels = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !labels.isEmpty, Set(labels).count == labels.count,
            labels.allSatisfy({ (1...16).contains($0.utf8.count) && $0.utf8.allSatisfy(Self.isLabelByte) })
        else {
            throw ConfigurationError("multicam_camera_labels must be A-Z or distinct labels of 1–16 [A-Za-z0-9_-] separated by commas; got \(text)")
        }
        return labels
    }

    static func isLabelByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }
}
