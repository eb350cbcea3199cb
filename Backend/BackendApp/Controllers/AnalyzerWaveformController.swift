import BackendCore
import Foundation
import Hummingbird
import RelayAPI

/// Seed 002's waveforms at `/v1` and `/api/v1`: by analysis, generated now or in the background, listed
/// and cleared. Generated in one streaming pass and cached in the blob store.
struct AnalyzerWaveformController {
    let analyzer: AnalyzerService

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("waveforms/analysis/:analysisId") { request, context -> WaveformPairResponse in
            let width = try Self.width(request)
            let (master, dub) = try await analyzer.analysisWaveforms(
                try context.requireIdentity(), id: context.parameters.get("analysisId") ?? "", width: width)
            return WaveformPairResponse(analysisId: context.parameters.get("analysisId"), master: master, dub: dub, generatedAt: Date())
        }
        group.post("waveforms/generate") { request, context -> WaveformPairResponse in
            let body = try await request.decodeJSON(as: AnalyzerService.WaveformRequest.self, context: context)
            let (master, dub) = try await analyzer.generateWaveforms(try context.requireIdentity(), body)
            return WaveformPairResponse(analysisId: body.analysisId, master: master, dub: dub, generatedAt: Date())
        }
        group.post("waveforms/generate-async") { request, context -> EditedResponse<WaveformQueuedResponse> in
            let body = try await request.decodeJSON(as: AnalyzerService.WaveformRequest.self, context: context)
            let jobId = try await analyzer.queueWaveforms(try context.requireIdentity(), body)
            return EditedResponse(status: .accepted, response: WaveformQueuedResponse(jobId: jobId, analysisId: body.analysisId, timestamp: Date()))
        }
        group.get("waveforms/list") { request, context -> WaveformListResponse in
            let limit = try Page.int(request.uri.queryParameters["limit"].map(String.init), name: "limit", default: 50, range: 1...1000)
            let entries = try await analyzer.listWaveforms(try context.requireIdentity(), limit: limit)
            return WaveformListResponse(waveforms: entries.map(WaveformListResponse.Item.init), total: entries.count, timestamp: Date())
        }
        group.delete("waveforms/clear") { request, context -> WaveformClearedResponse in
            let days = try request.uri.queryParameters["older_than_days"].map { text -> Double in
                guard let value = Double(String(text)), value.isFinite, value >= 0, value <= 36_500 else {
                    throw AppError.validation("older_than_days must be a number of days from 0 to 36500", field: "older_than_days")
                }
                return value
            }
            let removed = try await analyzer.clearWaveforms(try context.requireIdentity(), olderThanDays: days)
            return WaveformClearedResponse(removed: removed, timestamp: Date())
        }
    }

    static func width(_ request: Request) throws -> Int {
        try Page.int(
            request.uri.queryParameters["width"].map(String.init), name: "width", default: AnalyzerService.defaultWaveformWidth,
            range: AnalyzerService.waveformWidths)
    }
}
