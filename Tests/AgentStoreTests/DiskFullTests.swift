import AgentCore
@testable import AgentStore
import Foundation
import Testing
import TestFixtures

/// A full state disk is recognised by its cause (SQLite's `SQLITE_FULL`, the system's `ENOSPC`), also
/// inside the agent's own errors, not by the text of a message.
@Suite("Queue: full disk")
struct DiskFullTests {
    @Test("a write past the database's size limit is SQLITE_FULL: recognised; other errors are not")
    func sqliteFull() async throws {
        let folder = try TestEnvironment.temporaryDirectory("agent-queue-full")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try UploadQueueStore.open(at: folder.appendingPathComponent("queue.sqlite"))
        // The writer connection may not grow the file any more: the next page it needs fails as a full disk would.
        try await store.pool.write { db in try db.execute(sql: "PRAGMA max_page_count = 1") }
        let meta = String(repeating: "x", count: 64 * 1024)
        let error = await #expect(throws: (any Error).self) {
            try await store.enqueue(events: [
                OutboxEvent(idempotencyKey: "k", entityType: "device", entityId: "d", type: "heartbeat", meta: meta, createdAt: 0)
            ])
        }
        #expect(UploadQueueStore.isDiskFull(try #require(error)), "\(String(describing: error))")
        #expect(!UploadQueueStore.isDiskFull(QueueStoreError.lockNotTaken(lockFile: "q.lock", SystemErrorNumber(EBADF))))
        #expect(!UploadQueueStore.isDiskFull(CancellationError()))
    }

    @Test("ENOSPC, alone or kept by an agent error, is a full disk")
    func noSpace() {
        #expect(UploadQueueStore.isDiskFull(POSIXError(.ENOSPC)))
        #expect(UploadQueueStore.isDiskFull(CredentialsError.notReplaced(file: URL(fileURLWithPath: "/x"), SystemErrorNumber(ENOSPC))))
        #expect(!UploadQueueStore.isDiskFull(CredentialsError.notReplaced(file: URL(fileURLWithPath: "/x"), SystemErrorNumber(EACCES))))
    }
}
