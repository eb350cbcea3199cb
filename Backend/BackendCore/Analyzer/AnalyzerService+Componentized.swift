import Foundation
import RelayAPI
import RelaySync

extension AnalyzerService {
    package static let componentizedKind = "componentized"
    /// `channel_aware`: every component measured against the master on its own (their agreement is
    /// then a finding); `mixdown`: the components' sum measured once, its offset given to each.
    package static let offsetModes = ["channel_aware", "mixdown"]
    package static let maxComponents = 16

    /// Validates a componentized request completely (methods, mode, master, 1–16 components with unique
    /// labels, each analysable) and queues it.
    package func submitComponentized(_ identity: Identity, _ request: ComponentizedAnalysisRequest, now: Date = Date()) async throws
        -> AnalysisRecord
    {
        try requireUser(identity)
        var stored = SyncAnalysisRequest(
            masterFile: request.master, dubFile: nil, methods: request.methods, confidenceThreshold: request.confidenceThreshold,
            maxOffsetSeconds: request.maxOffsetSeconds)
        stored.aiModel = request.aiModel
        let methods = try stored.validatedMethods()
        _ = try stored.validatedThreshold()
        _ = try stored.validatedMaxOffset()
        let mode = request.offsetMode ?? "channel_aware"
        guard Self.offsetModes.contains(mode) else {
            throw AppError.validation("offset_mode must be one of \(Self.offsetModes.joined(separator: ", "))", field: "offset_mode")
        }
        guard let components = request.components, (1...Self.maxComponents).contains(components.count) else {
            throw AppError.validation("components must list 1–\(Self.maxComponents) files", field: "components")
        }
        let master = try await analysable(request.master, field: "master")
        var resolved: [SyncAnalysisRequest.Component] = []
        for (index, component) in components.enumerated() {
            let field = "components[\(index)].path"
            let file = try await analysable(component.path, field: field)
            let label = component.label.flatMap { $0.isEmpty ? nil : $0 } ?? (file.path as NSString).lastPathComponent
            guard label.utf8.count <= 64 else { throw AppError.validation("component labels are at most 64 bytes", field: "components[\(index)].label") }
            guard !resolved.contains(where: { $0.label == label }) else {
                throw AppError.validation("component label \(label) is used twice", field: "components[\(index)].label")
            }
            resolved.append(SyncAnalysisRequest.Component(path: file.path, label: label))
        }
        stored.methods = methods.map(\.rawValue)
        stored.components = resolved
        stored.offsetMode = mode
        stored.masterFile = master.path
        stored.dubFile = resolved[0].path
        let record = AnalysisRecord(
            id: AnalysisRecord.newId(now: now), orgId: identity.orgId, createdBy: identity.subject, kind: Self.componentizedKind, source: "api",
            batchId: nil, request: stored, masterPath: master.path, dubPath: resolved[0].path, status: .queued, progress: 0, result: nil,
            errorCode: nil, errorMessage: nil, jobId: nil, createdAt: now, updatedAt: now, finishedAt: nil)
        try await repository.insert(record)
        do {
            let jobId = try await jobQueue.enqueue(NewJob(kind: Self.syncJobKind, payload: Self.payload(record.id), maxAttempts: 3))
            try await repository.setJob(id: record.id, jobId: jobId)
        } catch {
            _ = try? await repository.fail(id: record.id, code: APIErrorCode.analysisFailed.rawValue, message: "the job could not be queued")
            throw error
        }
        return try await repository.analysis(id: record.id) ?? record
    }

    /// Runs a componentized analysis: the master decoded once, each component (or their mixdown)
    /// measured with the requested methods; cancellation is seen between components.
    func analyseComponents(_ record: AnalysisRecord, started: ContinuousClock.Instant, context: JobContext) async throws {
        let id = record.id
        let master = try roots.resolveFile(record.masterPath, field: "master")
        let components = try (record.request.components ?? []).enumerated().map { index, component in
            (label: component.label ?? "C\(index + 1)", file: try roots.resolveFile(component.path, field: "components[\(index)].path"))
        }
        let methods = try record.request.validatedMethods()
        let threshold = try record.request.validatedThreshold()
        let maxOffset = try record.request.validatedMaxOffset()
        let mode = record.request.offsetMode ?? "channel_aware"
        let decoder = AudioDecoder(sampleRate: 8000, ffmpeg: ffmpegPath)
        let masterTrack = try await Self.offThread { try decoder.decode(master.url) }
        var entries: [ComponentizedResult.Entry] = []
        func measure(_ track: AudioTrack) async throws -> SyncAnalysisResult {
            let analysis = try await Self.offThread {
                try MultiMethodAnalysis.run(master: masterTrack, dub: track, methods: methods, maxOffsetSeconds: maxOffset)
            }
            return SyncAnalysisResult(
                analysis, requested: methods, threshold: threshold, masterSeconds: masterTrack.durationSeconds, dubSeconds: track.durationSeconds,
                processingSeconds: Self.seconds(since: started))
        }
        if mode == "mixdown" {
            var mix: [Float] = []
            for component in components {
                let track = try await Self.offThread { try decoder.decode(component.file.url) }
                if mix.count < track.samples.count { mix.append(contentsOf: repeatElement(0, count: track.samples.count - mix.count)) }
                for (i, sample) in track.samples.enumerated() { mix[i] += sample / Float(components.count) }
            }
            let result = try await measure(AudioTrack(samples: mix, sampleRate: 8000))
            entries = components.map { ComponentizedResult.Entry(label: $0.label, path: $0.file.path, result: result) }
        } else {
            for (index, component) in components.enumerated() {
                guard try await repository.analysis(id: id)?.status == .processing else { return }  // cancelled
                let track = try await Self.offThread { try decoder.decode(component.file.url) }
                entries.append(ComponentizedResult.Entry(label: component.label, path: component.file.path, result: try await measure(track)))
                try await repository.progress(id: id, percent: 5 + 90 * Double(index + 1) / Double(components.count))
            }
        }
        let result = Self.componentizedResult(entries, mode: mode, threshold: threshold, processingSeconds: Self.seconds(since: started))
        if try await repository.complete(id: id, result: nil, components: result) {
            context.logger.info(
                "componentized analysis completed",
                metadata: ["analysis_id": "\(id)", "components": "\(entries.count)", "agree": "\(result.componentsAgree)"])
        }
    }

    /// Agreement: the matched components' offsets against their median, within twice the coarsest
    /// resolution (≥ 2 ms); any unmatched component means they do not agree.
    package static func componentizedResult(_ entries: [ComponentizedResult.Entry], mode: String, threshold: Double, processingSeconds: Double)
        -> ComponentizedResult
    {
        let matched = entries.filter { $0.result.classification != SyncClassification.noMatch.rawValue }
        let offsets = matched.map(\.result.offsetSeconds).sorted()
        let median = offsets.isEmpty ? nil : offsets.count % 2 == 1 ? offsets[offsets.count / 2] : (offsets[offsets.count / 2 - 1] + offsets[offsets.count / 2]) / 2
        let resolution = matched.flatMap { $0.result.technicalDetails.methodResults.filter(\.agreesWithPrimary).map(\.resolutionMs) }.max() ?? 0.125
        let tolerance = SyncMethod.agreementToleranceMs(resolution, resolution)
        let spread = ((offsets.last ?? 0) - (offsets.first ?? 0)) * 1000
        let agree = matched.count == entries.count && median.map { m in offsets.allSatisfy { abs($0 - m) * 1000 <= tolerance } } == true
        let confidence = entries.map(\.result.confidence).min() ?? 0
        return ComponentizedResult(
            offsetMode: mode, components: entries, componentsAgree: agree, spreadMs: (spread * 1000).rounded() / 1000, agreementToleranceMs: tolerance,
            offsetSeconds: median.map { ($0 * 1_000_000).rounded() / 1_000_000 }, confidence: confidence,
            unmatched: entries.filter { $0.result.classification == SyncClassification.noMatch.rawValue }.map(\.label),
            processingTimeSeconds: (processingSeconds * 1000).rounded() / 1000,
            errorCode: confidence < threshold ? APIErrorCode.insufficientConfidence.rawValue : nil)
    }
}
