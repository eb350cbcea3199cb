import Foundation
import RelayAPI
import RelaySync

extension SyncAnalysisRequest {
    package static let defaultMethods: [SyncMethod] = [.spectral]
    package static let aiMethods: Set<String> = ["ai", "gpu"]
    package static let defaultMaxOffsetSeconds = 120.0

    /// The methods to run, validated: unknown names are 400, `ai` (and seed 002's `gpu`) 422
    /// `METHOD_UNAVAILABLE` naming the method and model — never a silent fallback.
    package func validatedMethods() throws -> [SyncMethod] {
        guard let names = methods, !names.isEmpty else { return Self.defaultMethods }
        guard names.count <= 8 else { throw AppError.validation("at most 8 methods", field: "methods") }
        var chosen: [SyncMethod] = []
        for name in names {
            let key = name.lowercased()
            if Self.aiMethods.contains(key) {
                throw AppError(
                    status: 422, code: .methodUnavailable,
                    message: "method \(name) (model \(aiModel ?? "wav2vec2")) is not available on this server: its model weights are not installed",
                    details: ["method": .string(name), "ai_model": .string(aiModel ?? "wav2vec2"),
                              "available": .array(SyncMethod.allCases.map { .string($0.rawValue) })])
            }
            guard let method = SyncMethod(rawValue: key) else {
                throw AppError(
                    status: 400, code: APIErrorCode.validation,
                    message: "unknown method \(name); use \(SyncMethod.allCases.map(\.rawValue).joined(separator: ", "))",
                    details: ["field": .string("methods"), "method": .string(name)])
            }
            if !chosen.contains(method) { chosen.append(method) }
        }
        return chosen
    }

    /// `confidence_threshold` in 0…1 (default 0.5).
    package func validatedThreshold() throws -> Double {
        let value = confidenceThreshold ?? 0.5
        guard value.isFinite, (0...1).contains(value) else {
            throw AppError.validation("confidence_threshold must be between 0 and 1", field: "confidence_threshold")
        }
        return value
    }

    /// `max_offset_seconds` in (0, 600] (default 120).
    package func validatedMaxOffset() throws -> Double {
        let value = maxOffsetSeconds ?? Self.defaultMaxOffsetSeconds
        guard value.isFinite, value > 0, value <= SyncConfiguration.maximumSearchRangeSeconds else {
            throw AppError.validation(
                "max_offset_seconds must be above 0 and at most \(Int(SyncConfiguration.maximumSearchRangeSeconds))", field: "max_offset_seconds")
        }
        return value
    }
}
