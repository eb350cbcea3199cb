/// One rendition of the adaptive ladder: its short side and bit rates.
package struct HLSRung: Sendable, Equatable {
    /// Short side in pixels (the "720" of 720p, for landscape and portrait alike).
    package var shortSide: Int
    package var videoKbps: Int
    package var audioKbps: Int
    /// Rendition name: `720p`, or the fast first rendition's own name (`HLSNames.fastRendition`).
    package var name: String

    package init(shortSide: Int, name: String? = nil) {
        self.name = name ?? "\(shortSide)p"
        self.shortSide = shortSide
        self.videoKbps =
            switch shortSide {
            case 2160...: 16_000
            case 1440...: 9_000
            case 1080...: 5_000
            case 720...: 2_800
            case 480...: 1_400
            case 360...: 800
            default: 400
            }
        self.audioKbps = shortSide >= 720 ? 128 : 96
    }

    /// The rungs to encode for a source: configured heights not above the source's short side (never
    /// upscale); a source smaller than every rung gets one rung at its own size.
    package static func plan(configured: [Int], sourceShortSide: Int) -> [HLSRung] {
        let fitting = configured.filter { $0 <= sourceShortSide }.sorted(by: >)
        if !fitting.isEmpty { return fitting.map { HLSRung(shortSide: $0) } }
        return [HLSRung(shortSide: max(2, sourceShortSide - sourceShortSide % 2))]
    }
}
