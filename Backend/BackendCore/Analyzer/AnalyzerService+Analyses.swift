import Foundation
import RelayAPI
import RelaySync

extension AnalyzerService {
    /// Validates a sync request completely (methods, threshold, range, both files resolvable and
    /// analysable), records it `queued` and queues its job. Nothing is stored when any check fails.
    package func submitSync(
        _ identity: Identity, _ request: SyncAnalysisRequest, source: String = "api", batchId: String? = nil, now: Date = Date()
    ) async throws -> AnalysisRecord {
        try requireUser(identity)
        let methods = try request.validatedMethods()
        _ = try request.validatedThreshold()
        _ = try request.validatedMaxOffset()
        let master = try await analysable(request.masterFile, field: "master_file")
        let dub = try await analysable(request.dubFile, field: "dub_file")
        var stored = request
        stored.methods = methods.map(\.rawValue)
        let record = AnalysisRecord(
            id: AnalysisRecord.newId(now: now), orgId: identity.orgId, createdBy: identity.subject, kind: "sync", source: source,
            batchId: batchId, request: stored, masterPath: master.path, dubPath: dub.path, status: .queued, progress: 0, result: nil,
            errorCode: nil, errorMessage: nil, jobId: nil, createdAt: now, updatedAt: now, finishedAt: nil)
        try await repository.insert(record)
        do {
            let jobId = try await jobQueue.enqueue(
                NewJob(kind: Self.syncJobKind, payload: Self.payload(record.id), priority: source == "batch" ? 120 : 100, maxAttempts: 3))
            try await repository.setJob(id: record.id, jobId: jobId)
        } catch {
            _ = try? await repository.fail(id: record.id, code: APIErrorCode.analysisFailed.rawValue, message: "the job could not be queued")
            throw error
        }
        return try await repository.analysis(id: record.id) ?? record
    }

    /// A file the engine can read: resolved inside the roots, with an audio stream of usable length.
    func analysable(_ text: String?, field: String) async throws -> MediaRoots.Resolved {
        let file = try await resolveFile(text, field: field)
        let entry = try await describe(file)
        if let problem = entry.media?.problem {
            throw AppError(
                status: 400, code: .invalidFileType, message: "\(field) cannot be analysed: \(problem)",
                details: ["field": .string(field), "reason": .string(problem)])
        }
        if let duration = entry.media?.durationSeconds, duration > Double(configuration.maxDurationSeconds) {
            throw AppError(
                status: 400, code: .invalidFileType,
                message: "\(field) is \(Int(duration)) s long; this server analyses at most \(configuration.maxDurationSeconds) s",
                details: ["field": .string(field)])
        }
        return file
    }

    /// The caller's org's analysis; 404 `ANALYSIS_NOT_FOUND` for unknown ids and other orgs'.
    package func analysis(_ identity: Identity, id: String) async throws -> AnalysisRecord {
        try requireUser(identity)
        guard id.utf8.count <= 64, var record = try await repository.analysis(id: id), record.orgId == identity.orgId else {
            throw AppError(status: 404, code: .analysisNotFound, message: "analysis \(id.prefix(64)) not found")
        }
        if !record.status.isFinished, try await repository.failOrphans(id: record.id, batchId: nil) > 0 {
            if let batchId = record.batchId { try await dispatchBatch(batchId) }
            record = try await repository.analysis(id: id) ?? record
        }
        return record
    }

    package func list(_ identity: Identity, status: String?, sinceHours: Double?, limit: Int, offset: Int, now: Date = Date()) async throws
        -> (items: [AnalysisRecord], total: Int)
    {
        try requireUser(identity)
        let parsed = try status.map { text -> AnalysisRecord.Status in
            guard let value = AnalysisRecord.Status(rawValue: text) else {
                throw AppError.validation(
                    "status must be one of \(AnalysisRecord.Status.allCases.map(\.rawValue).joined(separator: ", "))", field: "status")
            }
            return value
        }
        let since = sinceHours.map { now.addingTimeInterval(-$0 * 3600) }
        return try await repository.list(orgId: identity.orgId, status: parsed, since: since, limit: limit, offset: offset)
    }

    /// Cancels a queued or running analysis (a running one stops after its current method). 409
    /// `ANALYSIS_FINISHED` once it has completed, failed or been cancelled.
    package func cancel(_ identity: Identity, id: String) async throws -> AnalysisRecord {
        let record = try await analysis(identity, id: id)
        guard try await repository.cancel(id: record.id) else {
            throw AppError(
                status: 409, code: .analysisFinished, message: "analysis \(record.id) has already \(record.status.rawValue == "cancelled" ? "been cancelled" : record.status.rawValue)",
                details: ["status": .string((try await repository.analysis(id: record.id))?.status.rawValue ?? record.status.rawValue)])
        }
        if let batchId = record.batchId { try await dispatchBatch(batchId) }
        return try await repository.analysis(id: record.id) ?? record
    }

    static func payload(_ id: String) -> String { #"{"analysis_id":""# + id + #""}"# }

    static func analysisId(_ payload: String) -> String? {
        struct Payload: Decodable { var analysis_id: String }
        return (try? JSONDecoder().decode(Payload.self, from: Data(payload.utf8)))?.analysis_id
    }
}
