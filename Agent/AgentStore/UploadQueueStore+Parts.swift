import Foundation
import GRDB

extension UploadQueueStore {
    static func upsert(partURLs: [Int: String], itemId: String, _ db: Database) throws {
        for (number, url) in partURLs.sorted(by: { $0.key < $1.key }) {
            try db.execute(
                sql: "INSERT INTO upload_parts (item_id, part_number, url) VALUES (?, ?, ?) ON CONFLICT (item_id, part_number) DO UPDATE SET url = excluded.url",
                arguments: [itemId, number, url])
        }
    }

    /// A recording's parts, by number.
    package func parts(itemId: String) throws -> [UploadPart] {
        try pool.read { db in try UploadPart.filter(Column("item_id") == itemId).order(Column("part_number")).fetchAll(db) }
    }

    /// Records that the store accepted a part (one transaction: a kill after this never sends it again).
    package func recordPart(itemId: String, partNumber: Int, etag: String) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE upload_parts SET etag = ? WHERE item_id = ? AND part_number = ?", arguments: [etag, itemId, partNumber])
        }
    }

    /// Makes the local ETags what the store says it holds (`GET …/parts`): parts it accepted take its
    /// ETag, parts it does not list are sent again. Returns the numbers accepted.
    @discardableResult
    package func reconcileParts(itemId: String, accepted: [Int: String]) async throws -> Set<Int> {
        try await write { db in
            let parts = try UploadPart.filter(Column("item_id") == itemId).fetchAll(db)
            for part in parts where part.etag != accepted[part.partNumber] {
                try db.execute(
                    sql: "UPDATE upload_parts SET etag = ? WHERE item_id = ? AND part_number = ?",
                    arguments: [accepted[part.partNumber], itemId, part.partNumber])
            }
            return Set(parts.map(\.partNumber)).intersection(accepted.keys)
        }
    }

    /// Multipart uploads under way: parts accepted of parts in all (for `status`).
    package struct Transfer: Sendable, Equatable {
        package var itemId: String
        package var path: String
        package var cameraLabel: String
        package var assetId: String?
        package var partsDone: Int
        package var partCount: Int
        package var bytesDone: Int64
        package var size: Int64
    }

    package func transfers() throws -> [Transfer] {
        try pool.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT u.id, u.path, u.camera_label, u.asset_id, u.part_size, u.part_count, u.size,
                        (SELECT COUNT(*) FROM upload_parts p WHERE p.item_id = u.id AND p.etag IS NOT NULL) AS done
                    FROM uploads u
                    WHERE u.camera_label IS NOT NULL AND u.state NOT IN ('acknowledged', 'rejected')
                    ORDER BY u.created_at
                    """)
            return rows.map { row in
                let size: Int64 = row["size"]
                let partSize: Int64 = row["part_size"] ?? 0
                let done: Int = row["done"]
                return Transfer(
                    itemId: row["id"], path: row["path"], cameraLabel: row["camera_label"], assetId: row["asset_id"], partsDone: done,
                    partCount: row["part_count"] ?? 0, bytesDone: min(size, Int64(done) * partSize), size: size)
            }
        }
    }
}
