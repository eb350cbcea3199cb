import AgentCore
import Foundation
import GRDB

extension UploadQueueStore {
    /// Acknowledged items whose file has not been dealt with, acknowledged at or before `acknowledgedBy`
    /// (by the server's clock: `acknowledged_at`; `updated_at` for items acknowledged before it was kept),
    /// whose path is under one of `roots`, oldest first, leaving out `excluding` (files that could not be
    /// deleted lately). Rejected items are never here: their files are all the operator has.
    package func originalsDue(acknowledgedBy: Date, roots: [String], excluding: Set<String> = [], limit: Int = 100) throws -> [UploadItem] {
        let prefixes = roots.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        guard !prefixes.isEmpty else { return [] }
        return try pool.read { db in
            // LIKE finds candidates (its `_` and `%` may match more); the prefix check below is exact.
            let under = prefixes.map { Column("path").like($0 + "%") }.joined(operator: .or)
            return try UploadItem
                .filter(Column("state") == UploadState.acknowledged.rawValue)
                .filter(Column("original_disposal") == nil)
                .filter(Self.acknowledgedTime <= acknowledgedBy.timeIntervalSince1970)
                .filter(under)
                .filter(!excluding.contains(Column("id")))
                .order(Self.acknowledgedTime, Column("id"))
                .limit(limit)
                .fetchAll(db)
                .filter { item in prefixes.contains { item.path.hasPrefix($0) } }
        }
    }

    /// When an item was acknowledged: by the server's clock, or this machine's for older rows.
    static var acknowledgedTime: SQLExpression { SQL("COALESCE(acknowledged_at, updated_at)").sqlExpression }

    /// Records what became of an acknowledged item's file (once: a second call changes nothing), and
    /// forgets that its path was seen, so whatever is written there next is looked at afresh even if
    /// it has the old size and modification time. Blocking (a commit's fsync): called on the originals
    /// pool's thread, never on a cooperative one.
    package func recordOriginal(id: String, _ disposal: OriginalDisposal) throws {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE uploads SET original_disposal = ? WHERE id = ? AND state = ? AND original_disposal IS NULL",
                arguments: [disposal.rawValue, id, UploadState.acknowledged.rawValue])
            guard db.changesCount > 0, disposal != .unverified else { return }
            try db.execute(sql: "DELETE FROM seen_files WHERE path = (SELECT path FROM uploads WHERE id = ?)", arguments: [id])
        }
    }

    /// The parts of a recording as the store holds them, in order (empty for a photo).
    package func storedParts(of item: UploadItem) throws -> [StoredPart] {
        guard item.isRecording, let partSize = item.partSize else { return [] }
        return try parts(itemId: item.id).map { part in
            let offset = Int64(part.partNumber - 1) * partSize
            return StoredPart(offset: offset, length: max(0, min(partSize, item.size - offset)), etag: part.etag ?? "")
        }
    }

    /// How many originals were deleted, found gone, or kept.
    package func originalCounts() throws -> [OriginalDisposal: Int] {
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
