/// The only file names HLS output may have. A name that passes is safe as the last segment of a blob
/// key and as a URL path segment, so client-supplied ids are checked here before any lookup.
package enum HLSNames {
    /// The fast remux of an H.264/AAC upload.
    package static let sourceRendition = "src"
    /// The fast first rendition of an upload that cannot be stream-copied: published segment by segment
    /// while it is encoded, so the video plays within seconds whatever its codec.
    package static let fastRendition = "fast"
    /// The playlist listing the ladder.
    package static let masterPlaylist = "master.m3u8"

    /// `src`, `720p`, `1080p`: lowercase letters and digits, 1–8 characters.
    package static func isRendition(_ name: some StringProtocol) -> Bool {
        (1...8).contains(name.utf8.count)
            && name.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// `{rendition}.m3u8`.
    package static func isPlaylist(_ name: some StringProtocol) -> Bool {
        guard name.hasSuffix(".m3u8") else { return false }
        return isRendition(name.dropLast(".m3u8".count))
    }

    /// `{rendition}_{5–6 digits}.ts`, e.g. `720p_00003.ts`.
    package static func isSegment(_ name: some StringProtocol) -> Bool {
        guard name.hasSuffix(".ts") else { return false }
        let stem = name.dropLast(3)
        guard let underscore = stem.lastIndex(of: "_") else { return false }
        let rendition = stem[..<underscore]
        let number = stem[stem.index(after: underscore)...]
        return isRendition(rendition) && (5...6).contains(number.count) && number.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// The rendition a segment belongs to (`720p_00003.ts` → `720p`).
    package static func rendition(ofSegment name: String) -> String? {
        guard isSegment(name), let underscore = name.lastIndex(of: "_") else { return nil }
        return String(name[..<underscore])
    }
}
