import BackendCore
import Foundation
import Hummingbird
import RelayAPI

/// Seed 002 (the audio sync analyzer) under `/v1` and, as its clients call it, `/api/v1`: files in the
/// media roots, uploads, validation and sync analyses. Answers carry the seed's `success` and
/// `timestamp`; errors the envelope plus `success:false`, `error_code` and `timestamp` (`ErrorRenderer`).
struct AnalyzerController {
    let analyzer: AnalyzerService

    /// Path prefixes whose errors also carry seed 002's fields.
    static let pathPrefixes = ["files", "analysis", "waveforms", "reports", "job-registry", "batch-queue", "dashboard"]

    /// Whether `path` is one of seed 002's routes (under `/v1` or `/api/v1`).
    static func isSeedPath(_ path: String) -> Bool {
        var parts = path.split(separator: "/")
        if parts.first == "api" { parts.removeFirst() }
        guard parts.first == "v1", parts.count >= 2 else { return false }
        return pathPrefixes.contains(String(parts[1]))
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("files") { request, context in try await list(request, context: context) }
        group.post("files/upload") { request, context -> EditedResponse<FileUploaded> in try await upload(request, context: context) }
        group.post("files/validate") { request, context -> FileValidation in
            struct Body: Decodable {
                var path: String?
                var file_path: String?
                var file_id: String?
            }
            let body = try await request.decodeJSON(as: Body.self, context: context)
            guard let path = body.path ?? body.file_path ?? body.file_id else { throw AppError.validation("path is required", field: "path") }
            let (entry, reasons) = try await analyzer.validate(try context.requireIdentity(), path: path)
            return FileValidation(valid: reasons.isEmpty, reasons: reasons, fileInfo: Self.file(entry), timestamp: Date())
        }
        group.post("analysis/sync") { request, context -> EditedResponse<AnalysisStatusResponse> in
            let body = try await request.decodeJSON(as: SyncAnalysisRequest.self, context: context)
            let record = try await analyzer.submitSync(try context.requireIdentity(), body)
            context.logger.info("analysis queued", metadata: ["analysis_id": "\(record.id)"])
            return EditedResponse(
                status: .accepted, headers: [.location: "/v1/analysis/\(record.id)"], response: AnalysisStatusResponse(record))
        }
        group.post("analysis/componentized/async") { request, context -> EditedResponse<AnalysisStatusResponse> in
            let body = try await request.decodeJSON(as: ComponentizedAnalysisRequest.self, context: context)
            let record = try await analyzer.submitComponentized(try context.requireIdentity(), body)
            context.logger.info("componentized analysis queued", metadata: ["analysis_id": "\(record.id)"])
            return EditedResponse(
                status: .accepted, headers: [.location: "/v1/analysis/\(record.id)"], response: AnalysisStatusResponse(record))
        }
        group.get("analysis") { request, context in try await listAnalyses(request, context: context) }
        group.get("analysis/:analysisId") { _, context -> AnalysisStatusResponse in
            AnalysisStatusResponse(try await analyzer.analysis(try context.requireIdentity(), id: Self.id(context)))
        }
        group.get("analysis/:analysisId/status") { _, context -> AnalysisStatusResponse in
            AnalysisStatusResponse(try await analyzer.analysis(try context.requireIdentity(), id: Self.id(context)))
        }
        group.delete("analysis/:analysisId") { _, context -> AnalysisStatusResponse in
            AnalysisStatusResponse(try await analyzer.cancel(try context.requireIdentity(), id: Self.id(context)))
        }
    }

    static func id(_ context: AppRequestContext) -> String { context.parameters.get("analysisId") ?? "" }

    func list(_ request: Request, context: AppRequestContext) async throws -> FileListing {
        let query = request.uri.queryParameters
        let limit = try Page.int(query["limit"].map(String.init), name: "limit", default: 200, range: 1...1000)
        let offset = try Page.int(query["offset"].map(String.init), name: "offset", default: 0, range: 0...Int(Int32.max))
        let (folder, entries, total) = try await analyzer.list(
            try context.requireIdentity(), path: query["path"].map(String.init), limit: limit, offset: offset)
        return FileListing(
            files: entries.filter { !$0.isDirectory }.map(Self.file),
            directories: entries.filter(\.isDirectory).map {
                AnalyzerDirectory(name: $0.name, path: $0.path, itemCount: $0.itemCount ?? 0, createdAt: $0.createdAt, modifiedAt: $0.modifiedAt)
            },
            currentPath: folder.path, parentPath: folder.parent, totalCount: total, limit: limit, offset: offset,
            roots: analyzer.roots.roots, timestamp: Date())
    }

    func listAnalyses(_ request: Request, context: AppRequestContext) async throws -> AnalysisList {
        let page = try Page(request)
        let query = request.uri.queryParameters
        let sinceHours = try query["since_hours"].map { text -> Double in
            guard let value = Double(String(text)), value.isFinite, value > 0, value <= 24 * 3650 else {
                throw AppError.validation("since_hours must be a positive number of hours", field: "since_hours")
            }
            return value
        }
        let (items, total) = try await analyzer.list(
            try context.requireIdentity(), status: query["status"].map(String.init), sinceHours: sinceHours, limit: page.limit,
            offset: page.offset)
        return AnalysisList(analyses: items.map { AnalysisStatusResponse($0) }, total: total, limit: page.limit, offset: page.offset, timestamp: Date())
    }

    func upload(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<FileUploaded> {
        let identity = try context.requireIdentity()
        try analyzer.requireUser(identity)
        let limit = analyzer.configuration.maxUploadBytes
        if let length = request.headers[.contentLength].flatMap({ Int64($0) }), length > limit + MultipartFileReceiver.maxOverheadBytes {
            throw AppError(
                status: 413, code: APIErrorCode.payloadTooLarge, message: "request body of \(length) bytes exceeds the \(limit)-byte upload limit",
                details: ["max_bytes": .number(Double(limit))])
        }
        guard let boundary = MultipartFileReceiver.boundary(contentType: request.headers[.contentType]) else {
            throw AppError.validation("no file provided: send multipart/form-data with the file in field file", field: "file")
        }
        let receiver = MultipartFileReceiver(field: "file", maxFileBytes: limit, folder: analyzer.incomingFolder)
        let file = try await receiver.receive(request.body, boundary: boundary)
        defer { try? FileManager.default.removeItem(at: file.url) }
        let tags = (file.fields["tags"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let entry = try await analyzer.storeUpload(
            identity, received: file.url, clientName: file.fileName, fileType: file.fields["file_type"].flatMap { $0.isEmpty ? nil : $0 },
            description: file.fields["description"].flatMap { $0.isEmpty ? nil : $0 }, tags: tags)
        context.logger.info("analyzer file uploaded", metadata: ["file_id": "\(entry.id)", "bytes": "\(entry.size)"])
        return EditedResponse(
            status: .created,
            response: FileUploaded(fileId: entry.id, fileInfo: Self.file(entry), message: "File uploaded successfully", timestamp: Date()))
    }

    static func file(_ entry: AnalyzerEntry) -> AnalyzerFile {
        let ext = (entry.name as NSString).pathExtension
        return AnalyzerFile(
            id: entry.id, name: entry.name, path: entry.path, type: entry.media?.type ?? AnalyzerMediaInfo.typeByExtension(entry.name),
            size: entry.size, extension: ext.isEmpty ? "" : "." + ext.lowercased(), createdAt: entry.createdAt, modifiedAt: entry.modifiedAt,
            durationSeconds: entry.media?.durationSeconds.map { ($0 * 1000).rounded() / 1000 }, sampleRate: entry.media?.sampleRate,
            bitDepth: entry.media?.bitDepth, channels: entry.media?.channels, audioCodec: entry.media?.audioCodec,
            description: entry.description, tags: entry.tags)
    }
}
