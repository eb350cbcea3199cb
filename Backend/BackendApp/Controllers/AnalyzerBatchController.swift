import BackendCore
import Foundation
import Hummingbird
import RelayAPI

/// Seed 002's batches and reports, at `/v1` and `/api/v1`: upload a CSV (validated whole), start it
/// with a parallelism and an optional signed webhook, follow it, read its results, download its
/// reports, delete it.
struct AnalyzerBatchController {
    let analyzer: AnalyzerService
    /// Where the CSV body is streamed before it is read (it is small: `maxCSVBytes`).
    let uploadFolder: URL

    static let maxCSVBytes: Int64 = 5 << 20

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("analysis/batch/upload-csv") { request, context -> EditedResponse<BatchStatusResponse> in
            try await upload(request, context: context)
        }
        group.post("analysis/batch/:batchId/start") { request, context -> BatchStatusResponse in
            let body = try await Self.optionalJSON(request, context: context)
            let (batch, secret) = try await analyzer.startBatch(try context.requireIdentity(), id: Self.id(context), body)
            let detail = try await analyzer.batchDetail(try context.requireIdentity(), id: batch.id)
            return BatchStatusResponse(detail.batch, items: detail.items, analyses: detail.analyses, webhookSecret: secret)
        }
        group.get("analysis/batch/:batchId/status") { _, context -> BatchStatusResponse in
            let detail = try await analyzer.batchDetail(try context.requireIdentity(), id: Self.id(context))
            return BatchStatusResponse(detail.batch, items: detail.items, analyses: detail.analyses)
        }
        group.get("analysis/batch/:batchId/results") { _, context -> BatchResultsResponse in
            let detail = try await analyzer.batchDetail(try context.requireIdentity(), id: Self.id(context))
            return BatchResultsResponse(detail.batch, items: detail.items, analyses: detail.analyses)
        }
        group.delete("analysis/batch/:batchId") { _, context -> Response in
            try await analyzer.deleteBatch(try context.requireIdentity(), id: Self.id(context))
            return Response(status: .noContent)
        }
        group.get("reports/:report") { _, context -> Response in try await report(context) }
    }

    static func id(_ context: AppRequestContext) -> String { context.parameters.get("batchId") ?? "" }

    /// The start body is optional (seed 002's clients may send none).
    static func optionalJSON(_ request: Request, context: AppRequestContext) async throws -> AnalyzerService.StartBatch {
        if request.headers[.contentLength] == "0" || (request.headers[.contentLength] == nil && request.headers[.contentType] == nil) {
            return AnalyzerService.StartBatch()
        }
        return try await request.decodeJSON(as: AnalyzerService.StartBatch.self, context: context)
    }

    func upload(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<BatchStatusResponse> {
        let identity = try context.requireIdentity()
        try analyzer.requireUser(identity)
        guard let boundary = MultipartFileReceiver.boundary(contentType: request.headers[.contentType]) else {
            throw AppError.validation("send multipart/form-data with the CSV in field file", field: "file")
        }
        let file = try await MultipartFileReceiver(field: "file", maxFileBytes: Self.maxCSVBytes, folder: uploadFolder)
            .receive(request.body, boundary: boundary)
        defer { try? FileManager.default.removeItem(at: file.url) }
        guard let text = String(data: try Data(contentsOf: file.url), encoding: .utf8) else {
            throw BatchCSV.refusal("the file is not UTF-8 text", line: 1)
        }
        let (batch, items) = try await analyzer.uploadBatch(
            identity, csv: text, description: file.fields["description"].flatMap { $0.isEmpty ? nil : $0 })
        context.logger.info("analysis batch uploaded", metadata: ["batch_id": "\(batch.id)", "items": "\(items.count)"])
        return EditedResponse(status: .created, response: BatchStatusResponse(batch, items: items, analyses: [:]))
    }

    /// The detailed HTML report: every pair's waveforms (cached, else made now) and correlation plot.
    func detailedReport(_ batch: AnalysisBatchRecord, results: BatchResultsResponse, analyses: [String: AnalysisRecord]) async throws -> Response {
        var pairs: [BatchHTMLReport.Pair] = []
        for item in results.results {
            guard let record = item.analysisId.flatMap({ analyses[$0] }), record.status == .completed else {
                pairs.append(.init(item: item, master: nil, dub: nil, plotSVG: nil))
                continue
            }
            var master: Waveform?, dub: Waveform?
            if let masterFile = try? analyzer.roots.resolveFile(record.masterPath, field: "master_file"),
                let dubFile = try? analyzer.roots.resolveFile(record.dubPath, field: "dub_file")
            {
                master = try? await analyzer.waveform(orgId: batch.orgId, file: masterFile, width: AnalyzerService.defaultWaveformWidth, analysisId: record.id)
                dub = try? await analyzer.waveform(orgId: batch.orgId, file: dubFile, width: AnalyzerService.defaultWaveformWidth, analysisId: record.id)
            }
            pairs.append(.init(item: item, master: master, dub: dub, plotSVG: await analyzer.correlationPlot(record)))
        }
        let html = BatchHTMLReport.html(batch: batch, summary: results.summary, pairs: pairs, generatedAt: Date())
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                .contentDisposition: "inline; filename=\"\(batch.id)_detailed.html\"",
                .contentSecurityPolicy: BatchHTMLReport.contentSecurityPolicy, .xContentTypeOptions: "nosniff",
            ],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// `{batch}.json` (the results document), `{batch}.csv`, or `{batch}_detailed.html`.
    func report(_ context: AppRequestContext) async throws -> Response {
        let name = context.parameters.get("report") ?? ""
        let (id, kind): (String, String)
        if name.hasSuffix("_detailed.html") {
            (id, kind) = (String(name.dropLast("_detailed.html".count)), "html")
        } else if name.hasSuffix(".json") {
            (id, kind) = (String(name.dropLast(5)), "json")
        } else if name.hasSuffix(".csv") {
            (id, kind) = (String(name.dropLast(4)), "csv")
        } else {
            throw AppError(
                status: 404, code: .batchNotFound, message: "reports are {batch_id}.json, {batch_id}.csv or {batch_id}_detailed.html")
        }
        let detail = try await analyzer.batchDetail(try context.requireIdentity(), id: id)
        let results = BatchResultsResponse(detail.batch, items: detail.items, analyses: detail.analyses)
        if kind == "html" { return try await detailedReport(detail.batch, results: results, analyses: detail.analyses) }
        let disposition = "attachment; filename=\"\(detail.batch.id).\(kind)\""
        if kind == "csv" {
            return Response(
                status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: disposition, .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: BatchCSVExport.text(results.results))))
        }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Response(
            status: .ok, headers: [.contentType: "application/json", .contentDisposition: disposition, .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(results))))
    }
}
