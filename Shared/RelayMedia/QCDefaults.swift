/// The shipped QC defaults, as `Benchmarks/qc.sh` chose them (its `choose()` step) on its labelled set
/// of real photographs — 26 scenes from Debian's `plasma-workspace-wallpapers`, `lxqt-themes` and
/// `mate-backgrounds` at 3 and 12 MP: sharp, Gaussian/motion/defocus blur and ±2 EV, JPEG q90 and
/// HEIC q85 — so that no sharp, well-exposed frame fails. On that set (2026-12-07, 624 frames): blur
/// 96.3 %, exposure 95.2 % right; leave-one-scene-out 94.9 % and 89.1 % (the DCT high-frequency
/// share before the edge width: 82 %; the variance-of-the-Laplacian defaults before that: 68 % and
/// 75 %, failing 13 and 10 of the 52 sharp JPEGs). See ``QCThresholds`` for what each means.
package enum QCDefaults {
    package static let edgeWidthFail = 2.96
    package static let edgeWidthWarn = 2.76
    package static let whiteFailBelow = 140.0
    package static let whiteWarnBelow = 165.0
    package static let lowKeyPeak = 200.0
    package static let dimLightEV100 = 6.0
    package static let dimWhiteFloor = 100.0
    package static let clipSpikeFail = 20.0
    package static let spikeMinClipped = 0.005
    package static let blackFailAbove = 50.0
    package static let blackSpike = 5.0
    package static let meanFailBelow = 25.0
    package static let meanWarnBelow = 40.0
    package static let meanWarnAbove = 230.0
    package static let meanFailAbove = 250.0
    package static let shadowsWarn = 0.30
    package static let shadowsFail = 0.60
    package static let highlightsWarn = 0.03
    package static let highlightsFail = 0.04
    package static let highlightsSpike = 2.0
    package static let sessionWarnEV = 0.7
    package static let sessionFailEV = 1.0
}
