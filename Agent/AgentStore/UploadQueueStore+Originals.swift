import AgentCore
import Foundation
import GRDB

extension UploadQueueStore {
    /// Acknowledged items whose file has not been dealt with, acknowledged at or before `acknowledgedBy`,
    /// oldest first. Rejected items are never here: their files are all the operator has.
    public func originalsDue(acknowledgedBy: Date, limit: Int = 100) throws -> [UploadItem] {
        try pool.read { db in
            try UploadItem
                .filter(Column("state") == UploadState.acknowledged.rawValue)
                .filter(Column("original_disposal") == nil)
                .filter(Column("updated_at") <= acknowledgedBy.timeIntervalSince1970)
                .order(Column("updated_at"), Column("id"))
                .limit(limit)
                .fetchAll(db)
        }
    }

    /// Records what became of an acknowledged item's file (once: a second call changes nothing).
    public func recordOriginal(id: String, _ disposal: OriginalDisposal) throws {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE uploads SET original_disposal = ? WHERE id = ? AND state = ? AND original_disposal IS NULL",
                arguments: [disposal.rawValue, id, UploadState.acknowledged.rawValue])
        }
    }

    /// How many originals were deleted, found gone, or kept because they changed.
    public func originalCounts() throws -> [OriginalDisposal: Int] {
        try pool.read { db in
            var counts: [OriginalDisposal: Int] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT original_disposal, COUNT(*) AS n FROM uploads WHERE original_disposal IS NOT NULL GROUP BY original_disposal")
            {
                if let disposal = OriginalDisposal(rawValue: row["original_disposal"]) { counts[disposal] = row["n"] }
            }
            return counts
        }
    }
}
