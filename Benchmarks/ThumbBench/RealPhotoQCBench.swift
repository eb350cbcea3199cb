import Foundation
import RelayMedia

/// `relay-thumb-bench --qc-photos SOURCES_DIR [--heic]`: the edge QC on real photographs.
///
/// SOURCES_DIR comes from `Benchmarks/lib/qc_sources.py` (Debian's wallpaper photos at 3 and 12 MP).
/// Each source becomes eight labelled frames: sharp; Gaussian, motion and defocus blur (sizes scale
/// with the frame: at 12 MP σ 3.5 px, 15 px, a disc of radius 4); −2 and +2 EV; −1.5 and +1.5 EV
/// (linear light, clipped as a sensor clips) — with sensor noise σ 2 added after the optics, then
/// encoded as JPEG q90 (and HEIC q85 with `--heic`).
///
/// Printed: accuracy with the shipped defaults (blur: sharpness `fail` on a blurred frame, over every
/// frame; exposure: exposure `fail` on a ±EV frame, over every frame; "no sharp well-exposed frame
/// fails"); the defaults ``choose(_:)`` picks on this set (how the shipped ones were chosen);
/// leave-one-scene-out accuracy (for each scene, the defaults chosen on the others, scored on it);
/// breakdowns; and the per-file confusion list. The 12 MP sharp JPEGs are written to SOURCES_DIR/speed
/// for the OpenCV timing in `Benchmarks/qc.sh`.
enum RealPhotoQCBench {
    struct Record {
        var file: String
        var scene: String
        var group: String
        var megapixels: String
        var kind: String
        var format: String
        var m: QCMeasurements
        var blurred: Bool { ["gaussian", "motion", "defocus"].contains(kind) }
        var badExposure: Bool { kind.hasSuffix("EV") }
        /// The ±2 EV frames the issue's acceptance counts; ±1.5 EV are reported on their own.
        var inMainSet: Bool { !kind.contains("1.5") }
    }

    static func run(sources directory: URL, heic: Bool, runs: Int) throws {
        let frames = directory.appendingPathComponent("frames")
        let labels = frames.appendingPathComponent("frames.tsv")
        if !FileManager.default.fileExists(atPath: labels.path) {
            try generate(sources: directory, into: frames, heic: heic)
        }
        let check = QualityCheck()
        let decoder = JPEGDecoder(), heifDecoder = HEIFDecoder()
        var records: [Record] = []
        var speedFiles: [Data] = []
        var dump = "file\tscene\tgroup\tmegapixels\tkind\tformat\tedge_width\tedge_x\tedge_y\tevidence\tscore\tmean\twhite\tblack\tpeak\tspike\tclipped_high\tclipped_low\tkey\tev100\n"
        for line in try String(contentsOf: labels, encoding: .utf8).split(separator: "\n").dropFirst() {
            let cols = line.split(separator: "\t").map(String.init)
            let data = try Data(contentsOf: frames.appendingPathComponent(cols[0]))
            var m: QCMeasurements
            if cols[5] == "jpeg" {
                m = try check.measureJPEG(data, decoder: decoder)
                m.ev100 = EXIFReader.read(jpeg: data).ev100
            } else {
                let decoded = try heifDecoder.decodeUpright(data)
                m = check.measure(decoded.image.grayscale())
                m.ev100 = decoded.exif.ev100
            }
            let r = Record(file: cols[0], scene: cols[1], group: cols[2], megapixels: cols[3], kind: cols[4], format: cols[5], m: m)
            records.append(r)
            if r.megapixels == "12MP" && r.kind == "sharp" && r.format == "jpeg" { speedFiles.append(data) }
            dump += "\(r.file)\t\(r.scene)\t\(r.group)\t\(r.megapixels)\t\(r.kind)\t\(r.format)\t\(fmt(m.edge?.value))\t\(fmt(m.edge?.x))\t"
                + "\(fmt(m.edge?.y))\t\(m.edge?.evidence ?? 0)\t\(m.sharpness)\t\(m.mean)\t\(m.whitePoint)\t\(m.blackPoint)\t\(m.peak)\t"
                + "\(m.clipSpikeHigh)\t\(m.clippedHighlights)\t\(m.clippedShadows)\t\(m.key)\t\(fmt(m.ev100))\n"
        }
        try Data(dump.utf8).write(to: directory.appendingPathComponent("measurements.tsv"))
        let scenes = Array(Set(records.map(\.scene))).sorted()
        print("== QC on real photographs: \(records.count) frames, \(scenes.count) scenes (\(directory.path)) ==")

        let shipped = QCThresholds()
        report("shipped defaults", records, shipped)
        let chosen = choose(records.filter(\.inMainSet))
        print("choose() on this set: edge_width_fail \(chosen.edgeWidthFail), edge_width_warn \(chosen.edgeWidthWarn), white_fail_below \(chosen.whiteFailBelow), "
              + "low_key_peak \(chosen.lowKeyPeak), clip_spike_fail \(chosen.clipSpikeFail), highlights_fail \(chosen.highlightsFail), "
              + "black_fail_above \(chosen.blackFailAbove), dim_light_ev100 \(chosen.dimLightEV100)")
        if chosen != shipped { report("chosen on this set (differs from shipped)", records, chosen) }

        // Leave one scene out: the defaults chosen without the scene, scored on it.
        var blurRight = 0, exposureRight = 0, total = 0
        for scene in scenes {
            let t = choose(records.filter { $0.scene != scene && $0.inMainSet })
            for r in records where r.scene == scene && r.inMainSet {
                let rules = QCRules(thresholds: t)
                blurRight += (rules.sharpnessStatus(r.m) == .fail) == r.blurred ? 1 : 0
                exposureRight += (rules.exposureStatus(r.m) == .fail) == r.badExposure ? 1 : 0
                total += 1
            }
        }
        print(String(format: "leave-one-scene-out: blur %d/%d (%.1f%%), exposure %d/%d (%.1f%%)",
                     blurRight, total, percent(blurRight, total), exposureRight, total, percent(exposureRight, total)))

        print("confusion list (shipped defaults; frames judged wrong):")
        let rules = QCRules(thresholds: shipped)
        for r in records {
            let verdict = QualityCheck(thresholds: shipped).verdict(for: r.m)
            let blurOK = (verdict.sharpness.status == .fail) == r.blurred
            let exposureOK = (verdict.exposure.status == .fail) == r.badExposure
            guard !blurOK || !exposureOK else { continue }
            _ = rules
            print(String(format: "  %-36@ %-22@ blur %@ exposure %@  edge_width %@ (x %@ y %@) score %.0f  white %.0f black %.0f peak %.0f spike %.1f hi %.3f lo %.3f mean %.0f  | %@",
                         r.file as NSString, r.group as NSString,
                         (blurOK ? "ok" : "WRONG") as NSString, (exposureOK ? "ok" : "WRONG") as NSString,
                         fmt(r.m.edge?.value) as NSString, fmt(r.m.edge?.x) as NSString, fmt(r.m.edge?.y) as NSString,
                         r.m.sharpness, r.m.whitePoint, r.m.blackPoint, r.m.peak, r.m.clipSpikeHigh, r.m.clippedHighlights,
                         r.m.clippedShadows, r.m.mean,
                         ([verdict.sharpness.reason, verdict.exposure.reason].compactMap { $0 }.joined(separator: "; ")) as NSString))
        }

        try timeQC(speedFiles, runs: runs)
        var stages: [String: [Double]] = [:]
        let scale = EdgeWidth.jpegScale(width: 4000, height: 3000)
        for _ in 0..<runs {
            for data in speedFiles {
                let (luma, decode) = try ThumbBench.measure { try decoder.decodeGray(data, scale: scale) }
                stages["luma decode at \(scale) (TurboJPEG)", default: []].append(decode)
                stages["edge widths", default: []].append(ThumbBench.measure { EdgeWidth(image: luma) }.1)
                stages["to 1000 px + Laplacian + histogram", default: []].append(ThumbBench.measure {
                    QualityCheck.measureAsIs(ImageResizer.resize(luma, longEdge: check.analysisLongEdge)) }.1)
            }
        }
        print("where the time goes (12 MP JPEG, median):")
        for (name, values) in stages.sorted(by: { $0.key < $1.key }) {
            print(String(format: "  %-40@ %6.2f ms", name as NSString, ThumbBench.median(values)))
        }
    }

    /// `--qc-speed DIR`: QC's analyse timed over the JPEGs in DIR (after one untimed pass, so every
    /// round starts warm like the OpenCV side of `Benchmarks/qc.sh`).
    static func speed(jpegs directory: URL, runs: Int) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".jpg") }.sorted()
        let files = try names.map { try Data(contentsOf: directory.appendingPathComponent($0)) }
        let pipeline = ImagePipeline()
        for data in files { _ = try pipeline.analyse(data, contentType: "image/jpeg") }
        try timeQC(files, runs: runs)
    }

    /// The agent's whole analyse (header, EXIF, luma decode, measures, verdicts), median per image.
    static func timeQC(_ files: [Data], runs: Int) throws {
        let pipeline = ImagePipeline()
        var qcMs: [Double] = []
        for _ in 0..<runs {
            for data in files {
                qcMs.append(try ThumbBench.measure { try pipeline.analyse(data, contentType: "image/jpeg") }.1)
            }
        }
        let qc = ThumbBench.median(qcMs)
        print(String(format: "speed (12 MP JPEG, %d files x %d runs, one thread): QC median %.1f ms", files.count, runs, qc))
        print(String(format: "QC_MS=%.2f", qc))
    }

    /// Writes the labelled frames of every source in `sources/sources.tsv` to `frames` with
    /// `frames.tsv` (written last, so an interrupted run starts again).
    static func generate(sources directory: URL, into frames: URL, heic: Bool) throws {
        try FileManager.default.createDirectory(at: frames, withIntermediateDirectories: true)
        let speed = directory.appendingPathComponent("speed")
        try FileManager.default.createDirectory(at: speed, withIntermediateDirectories: true)
        let table = try String(contentsOf: directory.appendingPathComponent("sources.tsv"), encoding: .utf8)
        let jpeg = JPEGEncoder(quality: 90)
        let heif = HEIFEncoder(quality: 85)
        var labels = "file\tscene\tgroup\tmegapixels\tkind\tformat\n"
        for line in table.split(separator: "\n").dropFirst() {
            let cols = line.split(separator: "\t").map(String.init)
            let (source, scene, megapixels, group) = (cols[0], cols[1], cols[2], cols[3])
            let image = try JPEGDecoder().decodeRGB(Data(contentsOf: directory.appendingPathComponent(source)))
            let k = Double(max(image.width, image.height)) / 4000
            let variants: [(String, () -> RGBImage)] = [
                ("sharp", { image }),
                ("gaussian", { SyntheticPhoto.blurred(image, radius: max(1, Int((3 * k).rounded()))) }),
                ("motion", { PhotoDefects.motionBlurred(image, length: Int((15 * k).rounded()) | 1) }),
                ("defocus", { PhotoDefects.defocused(image, radius: max(2, Int((4 * k).rounded()))) }),
                ("minus2EV", { PhotoDefects.exposed(image, stops: -2) }),
                ("plus2EV", { PhotoDefects.exposed(image, stops: 2) }),
                ("minus1.5EV", { PhotoDefects.exposed(image, stops: -1.5) }),
                ("plus1.5EV", { PhotoDefects.exposed(image, stops: 1.5) }),
            ]
            let settings = cols.count >= 9 ? (Double(cols[6]), Double(cols[7]), Int(cols[8])) : (nil, nil, nil)
            for (index, (kind, make)) in variants.enumerated() {
                let photo = SyntheticPhoto.noisy(make(), sigma: 2, seed: UInt64(index + 1) &* 7919 &+ UInt64(scene.utf8.count))
                let stem = "\(megapixels)_\(scene)_\(kind)"
                // A frame exposed ±x EV by the camera got 2^±x times the exposure time of the source.
                var exif: Data?
                if let seconds = settings.0, let fNumber = settings.1, let iso = settings.2 {
                    var builder = EXIFBuilder()
                    builder.iso = iso
                    builder.exposureTime = rational(seconds * pow(2, stops(kind)))
                    builder.fNumber = EXIFRational(UInt32((fNumber * 10).rounded()), 10)
                    exif = try builder.build()
                }
                var data = try jpeg.encode(photo)
                if let exif { data = try JPEGMetadata.insertingEXIF(exif, into: data) }
                try data.write(to: frames.appendingPathComponent(stem + ".jpg"))
                labels += "\(stem).jpg\t\(scene)\t\(group)\t\(megapixels)\t\(kind)\tjpeg\n"
                if megapixels == "12MP" && kind == "sharp" { try data.write(to: speed.appendingPathComponent(stem + ".jpg")) }
                if heic && HEIFEncoder.isAvailable {
                    try heif.encode(photo, exifBlock: exif).write(to: frames.appendingPathComponent(stem + ".heic"))
                    labels += "\(stem).heic\t\(scene)\t\(group)\t\(megapixels)\t\(kind)\theic\n"
                }
            }
        }
        try Data(labels.utf8).write(to: frames.appendingPathComponent("frames.tsv"))
    }

    /// Prints accuracy of `thresholds` on the set, overall and by part.
    static func report(_ title: String, _ records: [Record], _ thresholds: QCThresholds) {
        let rules = QCRules(thresholds: thresholds)
        func line(_ label: String, _ subset: [Record]) {
            guard !subset.isEmpty else { return }
            let blur = subset.filter { (rules.sharpnessStatus($0.m) == .fail) == $0.blurred }.count
            let exposure = subset.filter { (rules.exposureStatus($0.m) == .fail) == $0.badExposure }.count
            print(String(format: "  %-28@ %4d frames  blur %5.1f%%  exposure %5.1f%%", label as NSString, subset.count,
                         percent(blur, subset.count), percent(exposure, subset.count)))
        }
        print("accuracy, \(title):")
        let main = records.filter(\.inMainSet)
        line("all (sharp, 3 blurs, ±2 EV)", main)
        let sharpNormal = main.filter { !$0.blurred && !$0.badExposure }
        let failing = sharpNormal.filter { rules.sharpnessStatus($0.m) == .fail || rules.exposureStatus($0.m) == .fail }
        print("  sharp well-exposed frames failing: \(failing.count) of \(sharpNormal.count)\(failing.isEmpty ? "" : " (" + failing.map(\.file).joined(separator: ", ") + ")")")
        for format in ["jpeg", "heic"] { line(format, main.filter { $0.format == format }) }
        for mp in ["3MP", "12MP"] { line(mp, main.filter { $0.megapixels == mp }) }
        for kind in ["sharp", "gaussian", "motion", "defocus", "minus2EV", "plus2EV"] { line(kind, main.filter { $0.kind == kind }) }
        for group in ["dense", "sparse", "bokeh", "low-texture", "low-key", "high-key"] {
            line("group " + group, main.filter { $0.group.split(separator: ",").contains(Substring(group)) })
        }
        line("±1.5 EV (extra)", records.filter { !$0.inMainSet })
    }

    /// The defaults for a labelled set: for sharpness, the edge-width fail limit with the best blur
    /// accuracy among those that fail no sharp, well-exposed frame (ties: the middle of the tied range),
    /// warn 0.2 px below it;
    /// for exposure, the best of a grid over the white, clip-spike and clipped-highlights limits, with the
    /// washed-out and dim-light rules on or off (ties: the first in grid order, lenient to strict).
    static func choose(_ records: [Record]) -> QCThresholds {
        var t = QCThresholds()
        let sharpNormal = records.filter { !$0.blurred && !$0.badExposure }
        var best: [Double] = [], bestRight = -1
        for step in 0...200 {
            let limit = 2.0 + Double(step) * 0.02  // 2.00 … 6.00 px
            var c = t
            c.edgeWidthFail = limit
            let rules = QCRules(thresholds: c)
            guard sharpNormal.allSatisfy({ rules.sharpnessStatus($0.m) != .fail }) else { continue }
            let right = records.filter { (rules.sharpnessStatus($0.m) == .fail) == $0.blurred }.count
            if right > bestRight { bestRight = right; best = [limit] } else if right == bestRight { best.append(limit) }
        }
        if !best.isEmpty {
            t.edgeWidthFail = (best[best.count / 2] * 100).rounded() / 100
            t.edgeWidthWarn = t.edgeWidthFail - 0.2
        }

        var bestExposure = t, bestExposureRight = -1
        // Few free limits (the low-key peak is fixed at 200: a frame 2 EV under cannot reach it), so that
        // what is chosen on 25 scenes holds on the 26th.
        for white in stride(from: 100.0, through: 175, by: 5) {
            for peak in [200.0] {
                for spike in [1e9, 30, 20, 15, 10, 8, 6, 4] {
                    for highlights in [0.30, 0.20, 0.15, 0.10, 0.08, 0.06, 0.04] {
                        for black in [256.0, 50] { for dim in [6.0, -100] {
                            var c = t
                            c.dimLightEV100 = dim
                            c.whiteFailBelow = white
                            c.whiteWarnBelow = white + 25
                            c.lowKeyPeak = peak
                            c.clipSpikeFail = spike
                            c.highlightsFail = highlights
                            c.highlightsWarn = min(c.highlightsWarn, highlights)
                            c.blackFailAbove = black
                            let rules = QCRules(thresholds: c)
                            var right = 0
                            for r in records where (rules.exposureStatus(r.m) == .fail) == r.badExposure { right += 1 }
                            if right > bestExposureRight, sharpNormal.allSatisfy({ rules.exposureStatus($0.m) != .fail }) {
                                bestExposureRight = right
                                bestExposure = c
                            }
                        } }
                    }
                }
            }
        }
        return bestExposure
    }

    /// The EV change a frame kind stands for (0 for sharp and blurred frames).
    static func stops(_ kind: String) -> Double {
        guard kind.hasSuffix("EV") else { return 0 }
        let magnitude = Double(kind.dropFirst(kind.hasPrefix("minus") ? 5 : 4).dropLast(2)) ?? 0
        return kind.hasPrefix("minus") ? -magnitude : magnitude
    }

    /// `seconds` as an EXIF rational: 1/n below a second, n/10 above.
    static func rational(_ seconds: Double) -> EXIFRational {
        seconds < 1 ? EXIFRational(1, UInt32(max((1 / seconds).rounded(), 1))) : EXIFRational(UInt32((seconds * 10).rounded()), 10)
    }

    static func rounded(_ value: Double) -> Double {
        let digits = 1 - Int(log10(value).rounded(.down))
        let factor = pow(10, Double(digits))
        return (value * factor).rounded() / factor
    }

    static func fmt(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "-" }

    static func percent(_ right: Int, _ total: Int) -> Double { total == 0 ? 0 : Double(right) * 100 / Double(total) }
}
