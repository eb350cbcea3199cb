import FluentKit
import SQLKit

/// One current image per angle in a session: a reshoot (`reshoot` at presign) replaces the image at its
/// angle, which keeps its record with `replaced_by` and leaves the session's list. Sessions that already
/// hold several images at one angle (agents before this numbered frames by rows, so a reshoot took the
/// next angle or a repeated one) keep the newest as the current one.
struct AddImageFrames: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("images").field("replaced_by", .uuid).update()
        let sql = database as! any SQLDatabase
        try await sql.raw(
            """
            UPDATE images SET replaced_by = (
                SELECT newer.id FROM images AS newer
                WHERE newer.session_id = images.session_id AND newer.angle_deg = images.angle_deg
                    AND (newer.created_at > images.created_at OR (newer.created_at = images.created_at AND newer.id > images.id))
                ORDER BY newer.created_at DESC, newer.id DESC LIMIT 1)
            WHERE angle_deg IS NOT NULL
            """
        ).run()
        try await sql.raw(
            "CREATE UNIQUE INDEX images_current_frame ON images (session_id, angle_deg) WHERE angle_deg IS NOT NULL AND replaced_by IS NULL"
        ).run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX images_current_frame").run()
        try await database.schema("images").deleteField("replaced_by").update()
    }
}
