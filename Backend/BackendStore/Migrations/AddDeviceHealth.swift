import FluentKit
import SQLKit

/// Keeps each device's last heartbeat (`DeviceHealth` as JSON) and when the server received it, for
/// `GET /v1/admin/devices`. The heartbeats themselves stay in the event log.
struct AddDeviceHealth: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("ALTER TABLE devices ADD COLUMN health TEXT").run()
        try await sql.raw("ALTER TABLE devices ADD COLUMN health_at DOUBLE PRECISION").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("ALTER TABLE devices DROP COLUMN health_at").run()
        try await sql.raw("ALTER TABLE devices DROP COLUMN health").run()
    }
}
