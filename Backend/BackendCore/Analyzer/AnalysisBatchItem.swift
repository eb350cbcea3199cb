import Foundation

/// One row of a batch: a validated pair, and the analysis it became once dispatched.
package struct AnalysisBatchItem: Sendable, Equatable {
    package var batchId: String
    /// 0-based position in the CSV.
    package var index: Int
    /// The CSV line it came from.
    package var line: Int
    package var masterPath: String
    package var dubPath: String
    package var methods: [String]
    package var aiModel: String?
    package var description: String?
    package var tags: [String]
    package var analysisId: String?

    package init(
        batchId: String, index: Int, line: Int, masterPath: String, dubPath: String, methods: [String], aiModel: String?,
        description: String?, tags: [String], analysisId: String?
    ) {
        self.batchId = batchId
        self.index = index
        self.line = line
        self.masterPath = masterPath
        self.dubPath = dubPath
        self.methods = methods
        self.aiModel = aiModel
        self.description = description
        self.tags = tags
        self.analysisId = analysisId
    }

    /// Seed 002's `item_001`.
    package var itemId: String { String(format: "item_%03d", index + 1) }
}
