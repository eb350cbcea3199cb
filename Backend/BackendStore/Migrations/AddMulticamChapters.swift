import FluentKit
import SQLKit

/// A camera may record in several files (chapters): `multicam_assets.chapter` (1 for existing rows), and
/// the unique key becomes (session, camera, chapter, version), so two concurrent init-uploads of one
/// camera's chapter still end in one asset and one 409.
///
/// SQLite cannot drop a table constraint: there the table is rebuilt (create, copy, drop, rename) in
/// one transaction, with the column declarations `CreateMulticamTables` made. Nothing references
/// `multicam_assets`, so no foreign key needs rewriting.
struct AddMulticamChapters: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.transaction { database in
            let sql = database as! any SQLDatabase
            if sql.dialect.name == "postgresql" {
                try await sql.raw("ALTER TABLE multicam_assets ADD COLUMN chapter INTEGER NOT NULL DEFAULT 1").run()
                try await sql.raw("ALTER TABLE multicam_assets DROP CONSTRAINT multicam_assets_camera_version_key").run()
                try await sql.raw(
                    """
                    ALTER TABLE multicam_assets ADD CONSTRAINT multicam_assets_camera_chapter_version_key
                        UNIQUE (session_id, camera_label, chapter, version)
                    """
                ).run()
                return
            }
            try await sql.raw(
                """
                CREATE TABLE "multicam_assets_chaptered" ("id" UUID PRIMARY KEY,
                    "session_id" UUID NOT NULL REFERENCES "multicam_sessions" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
                    "org_id" UUID NOT NULL, "camera_label" TEXT NOT NULL, "version" INTEGER NOT NULL, "file_name" TEXT NOT NULL,
                    "content_type" TEXT NOT NULL, "size_bytes" INTEGER NOT NULL, "storage_key" TEXT NOT NULL, "upload_id" TEXT NOT NULL,
                    "part_size" INTEGER NOT NULL, "part_count" INTEGER NOT NULL, "upload_expires_at" DOUBLE NOT NULL, "status" TEXT NOT NULL,
                    "error_code" TEXT, "error_message" TEXT, "issues" TEXT NOT NULL, "metadata" TEXT, "derivatives" TEXT NOT NULL,
                    "ingestion_job_id" TEXT, "created_at" DOUBLE NOT NULL, "updated_at" DOUBLE NOT NULL,
                    "chapter" INTEGER NOT NULL DEFAULT 1,
                    CONSTRAINT "multicam_assets_camera_chapter_version_key" UNIQUE ("session_id", "camera_label", "chapter", "version"))
                """
            ).run()
            let columns = """
                id, session_id, org_id, camera_label, version, file_name, content_type, size_bytes, storage_key, upload_id, part_size,
                part_count, upload_expires_at, status, error_code, error_message, issues, metadata, derivatives, ingestion_job_id,
                created_at, updated_at
                """
            try await sql.raw("INSERT INTO multicam_assets_chaptered (\(unsafeRaw: columns), chapter) SELECT \(unsafeRaw: columns), 1 FROM multicam_assets").run()
            try await sql.raw("DROP TABLE multicam_assets").run()
            try await sql.raw("ALTER TABLE multicam_assets_chaptered RENAME TO multicam_assets").run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name == "postgresql" else { return }  // SQLite keeps the wider key: reverting would need another rebuild
        try await sql.raw("ALTER TABLE multicam_assets DROP CONSTRAINT multicam_assets_camera_chapter_version_key").run()
        try await sql.raw("ALTER TABLE multicam_assets DROP COLUMN chapter").run()
        try await sql.raw("ALTER TABLE multicam_assets ADD CONSTRAINT multicam_assets_camera_version_key UNIQUE (session_id, camera_label, version)").run()
    }
}
