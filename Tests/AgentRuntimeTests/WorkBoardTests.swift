@testable import AgentRuntime
import AgentCore
import AgentStore
import Foundation
import Testing
import TestFixtures

/// Issue 19, priorities: photos go before recordings, recordings take at most their lanes, and a recording
/// steps aside between parts only when a photo waits with every upload worker busy. On a real queue file.
@Suite("Work board priorities")
struct WorkBoardTests {
    let machine = UploadStateMachine()

    func withQueue(_ body: (UploadQueueStore, URL) async throws -> Void) async throws {
        let folder = try TestEnvironment.temporaryDirectory("agent-board")
        defer { try? FileManager.default.removeItem(at: folder) }
        try await body(try UploadQueueStore.open(at: folder.appendingPathComponent("queue.sqlite")), folder)
    }

    /// Queues a file and moves it past QC: due for an upload worker.
    func queue(_ store: UploadQueueStore, _ folder: URL, _ name: String, camera: String? = nil, at time: Double) async throws -> UploadItem {
        let path = folder.appendingPathComponent(name)
        try Data(name.utf8).write(to: path)
        guard case .queued(let item) = try store.intake(
            path: path.path, sha256: name, size: 10, mtime: time, contentType: camera == nil ? "image/jpeg" : "video/mp4",
            sessionKey: camera == nil ? "VIN1" : "2026-11-23_Evening", frameCount: camera == nil ? 24 : nil, cameraLabel: camera,
            now: Date(timeIntervalSince1970: time))
        else { throw CancellationError() }
        #expect(try await store.apply(id: item.id, expected: .discovered, machine.transition(from: .discovered, failures: 0, event: .qcFinished, jitter: 1), now: Date(timeIntervalSince1970: time)))
        return try #require(try store.item(id: item.id))
    }

    @Test("photos first though queued later; recordings oldest first and only in their lanes; photoWaiting only when no worker is free")
    func priorities() async throws {
        try await withQueue { store, folder in
            let older = try await queue(store, folder, "A_old.mp4", camera: "A", at: 1_000)
            let newer = try await queue(store, folder, "B_new.mp4", camera: "B", at: 1_100)
            let photo = try await queue(store, folder, "IMG_0001.jpg", at: 1_200)
            let states: [UploadState] = [.qcDone, .presigned, .uploaded]
            #expect(try store.due(states: states).map(\.id) == [photo.id, older.id, newer.id])

            let board = WorkBoard(store: store, uploadWorkers: 2, recordingLanes: 1)
            #expect(try await board.claim(states)?.id == photo.id)
            #expect(try await board.claim(states)?.id == older.id)
            // The one recording lane is taken: the newer recording waits though a worker is free.
            #expect(try await board.claim(states) == nil)
            #expect(try await !board.photoWaiting(states), "no photo is waiting")
            let second = try await queue(store, folder, "IMG_0002.jpg", at: 1_300)
            // Both workers busy (a photo and a recording) and a photo due: the recording should step aside.
            #expect(try await board.photoWaiting(states))
            await board.release(photo.id)
            #expect(try await !board.photoWaiting(states), "a worker is free to take it")
            // (The released photo never moved on here, so it is still the first due.)
            #expect(try await board.claim(states)?.id == photo.id)
            await board.release(older.id)
            #expect(try await board.claim(states)?.id == second.id, "the waiting photo before any recording")
            #expect(try await board.claim(states)?.id == older.id, "then the older session's recording, before the newer")
        }
    }

    @Test("one worker: the recording takes it, and a photo queued during it is reported waiting")
    func oneWorker() async throws {
        try await withQueue { store, folder in
            let recording = try await queue(store, folder, "A.mp4", camera: "A", at: 1_000)
            let states: [UploadState] = [.qcDone, .presigned, .uploaded]
            let board = WorkBoard(store: store, uploadWorkers: 1, recordingLanes: AgentConfiguration(concurrency: 1).recordingLanes)
            #expect(try await board.claim(states)?.id == recording.id)
            #expect(try await !board.photoWaiting(states))
            _ = try await queue(store, folder, "IMG_0001.jpg", at: 1_100)
            #expect(try await board.photoWaiting(states))
            // The QC worker's claims do not count as upload workers.
            let qcBoard = WorkBoard(store: store, uploadWorkers: 1, recordingLanes: 1)
            _ = try await qcBoard.claim([.discovered], lane: .qc)
            #expect(try await !qcBoard.photoWaiting(states))
        }
    }

    @Test("lanes: concurrency - 1 by default, at least 1, max_recording_uploads caps them at concurrency")
    func lanes() {
        #expect(AgentConfiguration(concurrency: 1).recordingLanes == 1)
        #expect(AgentConfiguration(concurrency: 2).recordingLanes == 1)
        #expect(AgentConfiguration(concurrency: 4).recordingLanes == 3)
        var config = AgentConfiguration(concurrency: 3)
        config.maxRecordingUploads = 3
        #expect(config.recordingLanes == 3)
        config.maxRecordingUploads = 8
        #expect(config.recordingLanes == 3)
    }
}
