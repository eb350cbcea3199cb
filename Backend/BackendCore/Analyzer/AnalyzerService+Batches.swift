import Foundation
import RelayAPI
import RelaySync

extension AnalyzerService {
    /// Parses and validates the whole CSV — structure, methods, and both files of every row — before
    /// anything is stored; the first problem answers 400 `INVALID_CSV_FORMAT` with its line and column.
    /// Stores the batch `uploaded` with one item per row.
    package func uploadBatch(_ identity: Identity, csv: String, description: String?, now: Date = Date()) async throws
        -> (AnalysisBatchRecord, [AnalysisBatchItem])
    {
        try requireUser(identity)
        if let description, description.utf8.count > 2000 {
            throw AppError.validation("description is longer than 2,000 bytes", field: "description")
        }
        let parsed = try BatchCSV(csv)
        let id = AnalysisBatchRecord.newId(now: now)
        var items: [AnalysisBatchItem] = []
        for (index, row) in parsed.rows.enumerated() {
            let request = SyncAnalysisRequest(masterFile: row.masterFile, dubFile: row.dubFile, methods: row.methods.isEmpty ? nil : row.methods)
            var withModel = request
            withModel.aiModel = row.aiModel
            let methods: [SyncMethod]
            do {
                methods = try withModel.validatedMethods()
            } catch let error as AppError {
                throw BatchCSV.refusal(error.message, line: row.line, column: "methods")
            }
            var paths: [String] = []
            for (column, value) in [("master_file", row.masterFile), ("dub_file", row.dubFile)] {
                do {
                    paths.append(try await analysable(value, field: column).path)
                } catch let error as AppError {
                    throw BatchCSV.refusal(error.message, line: row.line, column: column)
                }
            }
            items.append(AnalysisBatchItem(
                batchId: id, index: index, line: row.line, masterPath: paths[0], dubPath: paths[1], methods: methods.map(\.rawValue),
                aiModel: row.aiModel, description: row.description, tags: row.tags, analysisId: nil))
        }
        let batch = AnalysisBatchRecord(
            id: id, orgId: identity.orgId, createdBy: identity.subject, description: description, status: .uploaded, parallelJobs: 1,
            priority: "normal", webhookURL: nil, webhookSecret: nil, webhookState: "none", itemCount: items.count, createdAt: now,
            startedAt: nil, finishedAt: nil)
        try await batches.insert(batch, items: items)
        return (batch, items)
    }

    package struct StartBatch: Sendable, Decodable {
        package var parallelJobs: Int?
        package var priority: String?
        package var notificationWebhook: String?

        package init(parallelJobs: Int? = nil, priority: String? = nil, notificationWebhook: String? = nil) {
            self.parallelJobs = parallelJobs
            self.priority = priority
            self.notificationWebhook = notificationWebhook
        }

        enum CodingKeys: String, CodingKey {
            case parallelJobs = "parallel_jobs", priority, notificationWebhook = "notification_webhook"
        }
    }

    /// Starts an `uploaded` batch: at most `parallel_jobs` (1–8, default 1) of its analyses queued or
    /// running at once, `priority` low/normal/high. Returns the batch and the webhook secret (shown once).
    package func startBatch(_ identity: Identity, id: String, _ request: StartBatch, now: Date = Date()) async throws
        -> (AnalysisBatchRecord, webhookSecret: String?)
    {
        let batch = try await accessibleBatch(identity, id: id)
        let parallel = request.parallelJobs ?? 1
        guard (1...8).contains(parallel) else { throw AppError.validation("parallel_jobs must be 1–8", field: "parallel_jobs") }
        let priority = request.priority ?? "normal"
        guard ["low", "normal", "high"].contains(priority) else {
            throw AppError.validation("priority must be low, normal or high", field: "priority")
        }
        let webhook = try request.notificationWebhook.flatMap { $0.isEmpty ? nil : $0 }.map {
            try WebhookPolicy.check($0, allowPrivate: configuration.webhookAllowPrivate).absoluteString
        }
        let secret = webhook.map { _ in (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined() }
        guard try await batches.start(id: batch.id, parallelJobs: parallel, priority: priority, webhookURL: webhook, webhookSecret: secret, now: now) else {
            throw AppError(
                status: 409, code: .batchState, message: "batch \(batch.id) is \(batch.status.rawValue); only an uploaded batch starts",
                details: ["status": .string(batch.status.rawValue)])
        }
        try await dispatchBatch(batch.id)
        return (try await batches.batch(id: batch.id) ?? batch, secret)
    }

    /// Queues the batch's next items while it has room, and finishes it (queueing the webhook) when all
    /// have run. Called at start and whenever one of its analyses ends; safe to call any time.
    package func dispatchBatch(_ id: String, now: Date = Date()) async throws {
        guard let batch = try await batches.batch(id: id) else { return }
        if batch.status == .processing { _ = try await repository.failOrphans(id: nil, batchId: id) }
        let (_, finished) = try await batches.dispatch(batchId: id, now: now) { item in
            let analysisId = AnalysisRecord.newId(now: now)
            var request = SyncAnalysisRequest(masterFile: item.masterPath, dubFile: item.dubPath, methods: item.methods)
            request.aiModel = item.aiModel
            let record = AnalysisRecord(
                id: analysisId, orgId: batch.orgId, createdBy: batch.createdBy, kind: "sync", source: "batch", batchId: batch.id,
                request: request, masterPath: item.masterPath, dubPath: item.dubPath, status: .queued, progress: 0, result: nil,
                errorCode: nil, errorMessage: nil, jobId: nil, createdAt: now, updatedAt: now, finishedAt: nil)
            return (record, NewJob(kind: Self.syncJobKind, payload: Self.payload(analysisId), priority: batch.jobPriority, maxAttempts: 3))
        }
        if finished != nil, batch.webhookURL != nil {
            try await jobQueue.enqueue(NewJob(kind: Self.webhookJobKind, payload: Self.batchPayload(id), priority: 50, maxAttempts: 6))
        }
    }

    /// The caller's org's batch; 404 `BATCH_NOT_FOUND` for unknown ids and other orgs'.
    package func accessibleBatch(_ identity: Identity, id: String) async throws -> AnalysisBatchRecord {
        try requireUser(identity)
        guard id.utf8.count <= 64, let batch = try await batches.batch(id: id), batch.orgId == identity.orgId else {
            throw AppError(status: 404, code: .batchNotFound, message: "batch \(id.prefix(64)) not found")
        }
        return batch
    }

    /// The batch, its items and the analyses they became (by analysis id).
    package func batchDetail(_ identity: Identity, id: String) async throws
        -> (batch: AnalysisBatchRecord, items: [AnalysisBatchItem], analyses: [String: AnalysisRecord])
    {
        var batch = try await accessibleBatch(identity, id: id)
        if batch.status == .processing, try await repository.failOrphans(id: nil, batchId: batch.id) > 0 {
            // An analysis lost its job for good (no handler is left to move the batch on): do it here.
            try await dispatchBatch(batch.id)
            batch = try await batches.batch(id: batch.id) ?? batch
        }
        let items = try await batches.items(batchId: batch.id)
        let analyses = try await repository.analyses(batchId: batch.id, orgId: batch.orgId)
        return (batch, items, Dictionary(uniqueKeysWithValues: analyses.map { ($0.id, $0) }))
    }

    /// `DELETE /v1/analysis/batch/{id}`: cancels what is queued or running, then removes the batch, its
    /// items and its analyses.
    package func deleteBatch(_ identity: Identity, id: String, now: Date = Date()) async throws {
        let batch = try await accessibleBatch(identity, id: id)
        _ = try await batches.cancel(id: batch.id, now: now)
        try await batches.delete(id: batch.id)
    }

    static func batchPayload(_ id: String) -> String { #"{"batch_id":""# + id + #""}"# }

    static func batchId(_ payload: String) -> String? {
        struct Payload: Decodable { var batch_id: String }
        return (try? JSONDecoder().decode(Payload.self, from: Data(payload.utf8)))?.batch_id
    }
}
