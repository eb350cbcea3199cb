import Foundation
import Logging
import RelayAPI
import RelaySync

extension AnalyzerService {
    /// `analysis.sync`: resolves both files again (a link swapped in since submission cannot lead out of
    /// the roots), decodes them at 8 kHz, runs the requested methods on a thread of its own and records
    /// the result. A cancelled analysis stops after the method that is running.
    package func run(job: Job, context: JobContext) async throws {
        guard let id = Self.analysisId(job.payload) else { throw PermanentJobFailure("payload has no analysis_id") }
        guard let record = try await repository.analysis(id: id) else { return }
        do {
            try await analyse(record, job: job, context: context)
        } catch {
            // A batch moves on when one of its analyses ends (failed for good here); a retry keeps its place.
            if error is PermanentJobFailure, let batchId = record.batchId { try? await dispatchBatch(batchId) }
            throw error
        }
        if let batchId = record.batchId { try await dispatchBatch(batchId) }
    }

    func analyse(_ stored: AnalysisRecord, job: Job, context: JobContext) async throws {
        var record = stored
        let id = record.id
        if record.status == .processing, job.attempts > 1 {
            _ = try await repository.requeue(id: id)  // the previous worker died mid-analysis
            record.status = .queued
        }
        guard record.status == .queued, try await repository.start(id: id) else { return }
        let started = ContinuousClock.now
        do {
            if record.kind == Self.componentizedKind {
                try await analyseComponents(record, started: started, context: context)
                return
            }
            let master = try roots.resolveFile(record.masterPath, field: "master_file")
            let dub = try roots.resolveFile(record.dubPath, field: "dub_file")
            let methods = try record.request.validatedMethods()
            let threshold = try record.request.validatedThreshold()
            let maxOffset = try record.request.validatedMaxOffset()
            let decoder = AudioDecoder(sampleRate: 8000, ffmpeg: ffmpegPath)
            // Long recordings (a 3-hour master against its dub) are decoded into scratch files, read a window at a time.
            let scratch = try scratchFolder()
            let above = Double(configuration.streamAboveSeconds)
            let tracks = try await Self.offThread {
                (try decoder.decodeForAnalysis(master.url, scratch: scratch, streamAboveSeconds: above),
                 try decoder.decodeForAnalysis(dub.url, scratch: scratch, streamAboveSeconds: above))
            }
            try await repository.progress(id: id, percent: 20)
            await context.progress(0.2, note: "audio decoded")
            let repository = self.repository
            let analysis = try await Self.offThread {
                try MultiMethodAnalysis.run(
                    master: tracks.0, dub: tracks.1, methods: methods, maxOffsetSeconds: maxOffset,
                    progress: { fraction in Task { try? await repository.progress(id: id, percent: 20 + 75 * fraction) } })
            }
            let result = SyncAnalysisResult(
                analysis, requested: methods, threshold: threshold, masterSeconds: tracks.0.durationSeconds,
                dubSeconds: tracks.1.durationSeconds, processingSeconds: Self.seconds(since: started))
            if let engine = analysis.engine, let svg = CorrelationPlot.svg(analysis: engine, camera: "dub"), let key = Self.plotKey(orgId: record.orgId, analysisId: id) {
                do {
                    try await blobStore.put(key: key, data: Data(svg.utf8), contentType: "image/svg+xml")
                } catch {
                    context.logger.warning("correlation plot not stored", metadata: ["analysis_id": "\(id)", "error": "\(error)"])
                }
            }
            if try await repository.complete(id: id, result: result, components: nil) {
                context.logger.info(
                    "analysis completed", metadata: ["analysis_id": "\(id)", "offset_s": "\(result.offsetSeconds)", "confidence": "\(result.confidence)"])
                // Waveforms for review, at the default width, as a job of their own: a failure there does not
                // fail the analysis, and a batch moves on without waiting for them.
                do {
                    try await jobQueue.enqueue(try Self.waveformJob(orgId: record.orgId, request: WaveformRequest(
                        masterPath: master.path, dubPath: dub.path, analysisId: id, forceRegenerate: false, width: Self.defaultWaveformWidth)))
                } catch {
                    context.logger.warning("waveforms not queued", metadata: ["analysis_id": "\(id)", "error": "\(error)"])
                }
            }
        } catch {
            let permanent = error is AppError || error is SyncError || error is AudioDecodingError || error is PermanentJobFailure
            if permanent || job.attempts >= job.maxAttempts {
                let reason = ClientFacingReason.logged(error, "analysis failed", logger: context.logger, metadata: ["analysis_id": "\(id)"]).text
                let message = (error as? AppError)?.message ?? reason
                _ = try await repository.fail(id: id, code: APIErrorCode.analysisFailed.rawValue, message: message)
                throw PermanentJobFailure("\(error)")
            }
            _ = try? await repository.requeue(id: id)
            throw error
        }
    }

    /// Where an analysis's correlation plot (SVG, the GCC-PHAT engine's) is kept.
    package static func plotKey(orgId: UUID, analysisId: String) -> BlobKey? {
        BlobKey("analyzer/plots/\(orgId.uuidString.lowercased())/\(analysisId).svg")
    }

    /// The stored correlation plot of an analysis, if it has one.
    package func correlationPlot(_ record: AnalysisRecord) async -> String? {
        guard let key = Self.plotKey(orgId: record.orgId, analysisId: record.id), let data = try? await blobStore.get(key: key) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// Runs CPU-bound work on a thread of its own, off the cooperative pool.
    static func offThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }

    /// Where long recordings are decoded for analysis (`{data_dir}/work/analyzer`; the files in it are
    /// unlinked as soon as they are open).
    func scratchFolder() throws -> URL {
        let folder = URL(fileURLWithPath: dataDir).appendingPathComponent("work/analyzer", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
