import GRDB

extension UploadQueueStore {
    /// Append-only: a released migration is never edited.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("uploads") { db in
            try db.create(table: "uploads") { t in
                t.primaryKey("id", .text)
                t.column("path", .text).notNull()
                t.column("sha256", .text).notNull().unique()
                t.column("size", .integer).notNull()
                t.column("content_type", .text).notNull()
                t.column("session_key", .text).notNull()
                t.column("angle_deg", .double)
                t.column("state", .text).notNull().indexed()
                t.column("failures", .integer).notNull()
                t.column("retry_at", .double).notNull()
                t.column("qc_status", .text)
                t.column("qc_json", .text)
                t.column("image_id", .text)
                t.column("upload_url", .text)
                t.column("upload_headers", .text)
                t.column("url_expires_at", .double)
                t.column("last_error", .text)
                t.column("created_at", .double).notNull()
                t.column("updated_at", .double).notNull()
            }
        }
        migrator.registerMigration("sessions, outbox, seen files, status") { db in
            try db.create(table: "sessions") { t in
                t.primaryKey("key", .text)
                t.column("idempotency_key", .text).notNull()
                t.column("server_id", .text)
                t.column("created_at", .double).notNull()
            }
            try db.create(table: "outbox") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("idempotency_key", .text).notNull().unique()
                t.column("entity_type", .text).notNull()
                t.column("entity_id", .text).notNull()
                t.column("type", .text).notNull()
                t.column("message", .text)
                t.column("meta", .text)
                t.column("created_at", .double).notNull()
            }
            // Files already looked at, so a rescan only stats: (path, size, mtime) → hashed once.
            try db.create(table: "seen_files") { t in
                t.primaryKey("path", .text)
                t.column("size", .integer).notNull()
                t.column("mtime", .double).notNull()
            }
            try db.create(table: "agent_status") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
                t.column("updated_at", .double).notNull()
            }
        }
        migrator.registerMigration("recordings and parts") { db in
            // A recording's camera file goes up as a seed 000 asset through a multipart upload.
            try db.alter(table: "uploads") { t in
                t.add(column: "camera_label", .text)
                t.add(column: "asset_id", .text)
                t.add(column: "multipart_upload_id", .text)
                t.add(column: "part_size", .integer)
                t.add(column: "part_count", .integer)
            }
            // Its parts: the presigned URL of each, and the ETag once the store accepted it.
            try db.create(table: "upload_parts") { t in
                t.column("item_id", .text).notNull().references("uploads", onDelete: .cascade)
                t.column("part_number", .integer).notNull()
                t.column("url", .text).notNull()
                t.column("etag", .text)
                t.primaryKey(["item_id", "part_number"])
            }
        }
        migrator.registerMigration("original files, window waits") { db in
            try db.alter(table: "uploads") { t in
                // What became of the file once its bytes were acknowledged (deleted, gone, changed,
                // unverified): NULL until the agent deletes originals and has looked at it.
                t.add(column: "original_disposal", .text)
                // 1 while the item waits for an upload window (a restart re-reads the windows).
                t.add(column: "window_wait", .boolean).notNull().defaults(to: false)
            }
            try db.execute(
                sql: "CREATE INDEX uploads_originals_due ON uploads (updated_at) WHERE state = 'acknowledged' AND original_disposal IS NULL")
        }
        migrator.registerMigration("moved files, frames") { db in
            try db.alter(table: "uploads") { t in
                // The device (`st_dev`) the file was on when taken: a missing file whose storage is not there
                // (an unmounted share) waits instead of ending (`MissingFile`).
                t.add(column: "file_device", .integer)
                // When the step first found the file missing (NULL while it is there).
                t.add(column: "missing_since", .double)
                // A studio360 frame's place in the session's capture order (its angle is this modulo
                // frame_count), and whether it replaces an earlier frame at that angle (a reshoot).
                t.add(column: "frame_index", .integer)
                t.add(column: "reshoot", .boolean).notNull().defaults(to: false)
            }
            // Frames queued before: their capture order in the session.
            try db.execute(
                sql: """
                    UPDATE uploads SET frame_index = (
                        SELECT COUNT(*) FROM uploads AS earlier WHERE earlier.session_key = uploads.session_key
                            AND earlier.angle_deg IS NOT NULL
                            AND (earlier.created_at < uploads.created_at OR (earlier.created_at = uploads.created_at AND earlier.id < uploads.id)))
                    WHERE angle_deg IS NOT NULL
                    """)
        }
        migrator.registerMigration("intake and status indexes, retention") { db in
            // Looked up per session: a studio360 frame's angle (intake), whether a session is finished
            // (watch release). (session_key, state) answers both from the index alone.
            try db.execute(sql: "CREATE INDEX uploads_session_key ON uploads (session_key, state)")
            // Bytes pending every 2 s (status line, heartbeat): summed from the index over the
            // unfinished states only, not the whole table.
            try db.execute(sql: "CREATE INDEX uploads_pending_bytes ON uploads (state, size)")
            // Retention: finished items by age.
            try db.execute(
                sql: "CREATE INDEX uploads_finished ON uploads (updated_at) WHERE state IN ('acknowledged', 'rejected')")
            // `status`'s latest QC failures, and `queue retry/forget PATH`.
            try db.execute(sql: "CREATE INDEX uploads_qc_failures ON uploads (created_at) WHERE qc_status = 'fail'")
            try db.execute(sql: "CREATE INDEX uploads_path ON uploads (path)")
            // Part URLs of acknowledged uploads are spent (their ETags stay: the originals janitor checks
            // the file against them before deleting it).
            try db.execute(
                sql: "UPDATE upload_parts SET url = '' WHERE item_id IN (SELECT id FROM uploads WHERE state = 'acknowledged')")
        }
        migrator.registerMigration("acknowledged at, by the server's clock") { db in
            try db.alter(table: "uploads") { t in
                // When the backend acknowledged the bytes, by its clock (seconds since 1970): originals
                // retention counts from here rather than from this machine's `updated_at`.
                t.add(column: "acknowledged_at", .double)
            }
            try db.execute(
                sql: """
                    CREATE INDEX uploads_originals_due_acknowledged ON uploads (COALESCE(acknowledged_at, updated_at))
                    WHERE state = 'acknowledged' AND original_disposal IS NULL
                    """)
        }
        migrator.registerMigration("recording chapters") { db in
            try db.alter(table: "uploads") { t in
                // A recording file's number among its camera's files in the session (seed 000's `chapter`),
                // fixed at its first init-upload so renewals ask for the same asset.
                t.add(column: "chapter", .integer)
            }
        }
        return migrator
    }
}
