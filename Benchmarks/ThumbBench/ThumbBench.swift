import Foundation
import RelayMedia

/// `relay-thumb-bench [--runs N] [--noise SIGMA] [--no-sweep] [--qc-photos DIR [--heic]] [--qc-speed DIR]`: times the photo pipeline on a 12 MP JPEG generated in
/// memory (run it on one core: `Benchmarks/thumbnails.sh` uses `taskset -c 0`) and checks QC accuracy
/// at each DCT scale.
///
/// Sections: (1) full pipeline — decode + orientation + 3 thumbnails + QC — as images/s and
/// thumbnails/s; (2) where the time goes; (3) QC alone against an OpenCV-style full-resolution
/// decode + Laplacian; (4) QC sharpness at DCT scales 1, 1/2, 1/4, 1/8 for a sharp and two blurred
/// versions of the same photo; (5) the HEIC pipeline on the same photo; (6) the same scene at
/// several resolutions (normalisation check). `--qc-photos DIR` instead scores QC on the labelled
/// real-photo set prepared in DIR (see `RealPhotoQCBench`, run by `Benchmarks/qc.sh`); `--qc-speed DIR`
/// times only QC's analyse over DIR's JPEGs (one round of qc.sh's alternating QC/OpenCV timing).
@main
struct ThumbBench {
    static func main() throws {
        let args = CommandLine.arguments
        let runs = args.firstIndex(of: "--runs").flatMap { Int(args[$0 + 1]) } ?? 10
        let sweep = !args.contains("--no-sweep")
        let noise = args.firstIndex(of: "--noise").flatMap { Double(args[$0 + 1]) } ?? 4
        if let index = args.firstIndex(of: "--qc-photos"), index + 1 < args.count {
            return try RealPhotoQCBench.run(sources: URL(fileURLWithPath: args[index + 1]), heic: args.contains("--heic"), runs: runs)
        }
        if let index = args.firstIndex(of: "--qc-speed"), index + 1 < args.count {
            return try RealPhotoQCBench.speed(jpegs: URL(fileURLWithPath: args[index + 1]), runs: runs)
        }

        print("== relay-thumb-bench: 4000x3000 synthetic photo, \(runs) runs, single thread ==")
        let scene = SyntheticPhoto.render(width: 4000, height: 3000)
        let sharp = SyntheticPhoto.noisy(scene, sigma: noise)
        var exif = EXIFBuilder()
        exif.orientation = .right
        exif.iso = 100
        let encoder = JPEGEncoder(quality: 90)
        let sharpJPEG = try JPEGMetadata.insertingEXIF(try exif.build(), into: try encoder.encode(sharp))
        print(String(format: "input: %.2f MB JPEG q90 4:2:0, EXIF orientation 6, noise sigma %.1f", Double(sharpJPEG.count) / 1e6, noise))

        // (1) Full pipeline.
        let pipeline = ImagePipeline()
        var pipelineMs: [Double] = []
        var last: ProcessedImage?
        for _ in 0..<runs {
            let (result, ms) = try measure { try pipeline.process(sharpJPEG, contentType: "image/jpeg") }
            pipelineMs.append(ms)
            last = result
        }
        let perImage = median(pipelineMs)
        print(String(format: "pipeline: median %.1f ms/image (min %.1f, max %.1f) -> %.2f images/s, %.2f thumbnails/s",
                     perImage, pipelineMs.min()!, pipelineMs.max()!, 1000 / perImage, 3000 / perImage))
        if let last {
            let sizes = last.thumbnails.keys.sorted().map { "\($0):\(last.thumbnails[$0]!.count / 1024)KiB" }
            print("  upright \(last.width)x\(last.height), decode scale \(last.decodeScale?.description ?? "-"), "
                  + "thumbnails \(sizes.joined(separator: " ")), qc \(last.qc.sharpness.status.rawValue) "
                  + "score \(last.qc.sharpness.score), exposure \(last.qc.exposure.status.rawValue)")
        }

        // (2) Breakdown.
        let decoder = JPEGDecoder()
        let half = try decoder.decodeRGB(sharpJPEG, scale: .half)
        let top = ImageResizer.resize(half, longEdge: 1200).oriented(.right)
        let breakdown: [(String, () throws -> Void)] = [
            ("header + EXIF", { _ = try decoder.header(sharpJPEG); _ = EXIFReader.read(jpeg: sharpJPEG) }),
            ("RGB decode at 1/2", { _ = try decoder.decodeRGB(sharpJPEG, scale: .half) }),
            ("resize 2000->1200 + orient", { _ = ImageResizer.resize(half, longEdge: 1200).oriented(.right) }),
            ("3 thumbnails (resize cascade + encode q85)", {
                var current = top
                for edge in [1200, 600, 150] {
                    current = ImageResizer.resize(current, longEdge: edge)
                    _ = try JPEGEncoder(quality: 85).encode(current)
                }
            }),
            ("QC (gray decode at the QC scale + Laplacian + histogram)", { _ = try QualityCheck().evaluateJPEG(sharpJPEG) }),
        ]
        print("breakdown (median of 5):")
        for (name, body) in breakdown {
            let ms = median(try (0..<5).map { _ in try measure(body).1 })
            print("  " + name.padding(toLength: 56, withPad: " ", startingAt: 0) + String(format: "%7.1f ms", ms))
        }

        // (3) QC alone vs an OpenCV-style full decode (imread → cvtColor → Laplacian → variance).
        let qcMs = try (0..<runs).map { _ in try measure { try QualityCheck().evaluateJPEG(sharpJPEG) }.1 }
        let fullMs = try (0..<max(3, runs / 2)).map { _ in
            try measure { _ = QualityCheck.measureAsIs(try decoder.decodeRGB(sharpJPEG).grayscale()) }.1
        }
        print(String(format: "QC alone: median %.1f ms -> %.1f images/s; full-resolution RGB decode + gray + Laplacian: "
                     + "%.1f ms -> QC is %.1fx faster", median(qcMs), 1000 / median(qcMs), median(fullMs), median(fullMs) / median(qcMs)))

        // (4) Accuracy by DCT scale, for 4000×3000 and for 4032×3024 (a phone's 12 MP, where 1/4
        // lands just above 1000 px and the final resample is ~1×).
        let check = QualityCheck()
        print("accuracy by DCT scale: score = variance of Laplacian after area-averaging to <= 1000 px;")
        print("  blur = 3 box passes (r2: Gaussian sigma 2.4 px, r4: 4.5 px at full size), noise added after blur")
        for (w, h) in [(4000, 3000), (4032, 3024)] {
            let base = w == 4000 ? scene : SyntheticPhoto.render(width: w, height: h)
            let files = try [0, 2, 4].map { r in
                try encoder.encode(SyntheticPhoto.noisy(SyntheticPhoto.blurred(base, radius: r), sigma: noise))
            }
            try accuracyTable(files, label: "\(w)x\(h)", check: check, decoder: decoder)
        }

        // (5) HEIC: same photo, encoded with libheif's x265 (irot 90° + EXIF 6, as an iPhone writes).
        if HEIFEncoder.isAvailable {
            let heic = try HEIFEncoder(quality: 85).encode(sharp, exifBlock: try exif.build(), transform: .right)
            let heicMs = try (0..<3).map { _ in try measure { try pipeline.process(heic, contentType: "image/heic") }.1 }
            let decodeMs = try (0..<3).map { _ in try measure { try HEIFDecoder().decodeRGB(heic) }.1 }
            print(String(format: "HEIC (%.2f MB): pipeline median %.0f ms/image -> %.2f images/s, %.2f thumbnails/s; libheif decode alone %.0f ms",
                         Double(heic.count) / 1e6, median(heicMs), 1000 / median(heicMs), 3000 / median(heicMs), median(decodeMs)))
        }

        // (6) Normalisation: the same scene at several resolutions (blur radius scaled with it).
        guard sweep else { return }
        print("normalisation: the same scene at several sizes, QC as the pipeline runs it (blur radius scaled with size):")
        for (w, h) in [(2048, 1536), (2592, 1944), (3000, 2000), (3264, 2448), (4000, 3000), (4032, 3024), (5472, 3648), (6000, 4000)] {
            let s = SyntheticPhoto.render(width: w, height: h)
            let radius = max(1, Int((2.0 * Double(w) / 4000).rounded()))
            let a = try check.measureJPEG(try encoder.encode(SyntheticPhoto.noisy(s, sigma: noise)))
            let b = try check.measureJPEG(try encoder.encode(SyntheticPhoto.noisy(SyntheticPhoto.blurred(s, radius: radius), sigma: noise)))
            let scale = EdgeWidth.jpegScale(width: w, height: h)
            print(String(format: "  %4dx%-4d scale %-3@ analysed %4dx%-4d sharp %7.1f  blurred(r%d) %6.1f",
                         w, h, scale.description as NSString, a.analysisWidth, a.analysisHeight, a.sharpness, radius, b.sharpness))
        }
    }

    /// Prints one table: for each DCT scale, decode time and the scores of the sharp / r2 / r4 files.
    static func accuracyTable(_ files: [Data], label: String, check: QualityCheck, decoder: JPEGDecoder) throws {
        print("  \(label)  scale  decode-ms  analysed    sharp  blur-r2  blur-r4  sharp/r2  sharp/r4  vs-full(sharp,r2,r4)  verdicts")
        var full: [Double] = []
        for scale in JPEGScale.allCases {
            let decodeMs = median(try (0..<3).map { _ in try measure { try decoder.decodeGray(files[0], scale: scale) }.1 })
            var scores: [Double] = []
            var verdicts: [String] = []
            var analysed = ""
            for data in files {
                let m = check.measure(try decoder.decodeGray(data, scale: scale))
                scores.append(m.sharpness)
                verdicts.append(check.verdict(for: m).sharpness.status.rawValue)
                analysed = "\(m.analysisWidth)x\(m.analysisHeight)"
            }
            if scale == .full { full = scores }
            let chosen = EdgeWidth.jpegScale(width: try decoder.header(files[0]).width, height: try decoder.header(files[0]).height) == scale
            print(String(format: "  %@ %-5@ %9.1f  %-9@ %7.1f  %7.1f  %7.1f  %8.1f  %8.1f  %5.2f %5.2f %5.2f      %@%@",
                         String(repeating: " ", count: label.count) as NSString, scale.description as NSString, decodeMs,
                         analysed as NSString, scores[0], scores[1], scores[2], scores[0] / scores[1], scores[0] / scores[2],
                         scores[0] / full[0], scores[1] / full[1], scores[2] / full[2],
                         verdicts.joined(separator: "/") as NSString, (chosen ? "  <- chosen" : "") as NSString))
        }
    }

    static func measure<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try body()
        let elapsed = clock.now - start
        return (result, Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}
