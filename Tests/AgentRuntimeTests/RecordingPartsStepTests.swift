@testable import AgentRuntime
import AgentStore
import Foundation
import RelayAPI
import Testing

/// A recording's parts step against a scripted backend: what the store already holds decides what is
/// sent, a held part is trusted only with the right size and (when its ETag is a digest) the file's
/// bytes, and a closed upload window stops the transfer between parts.
@Suite("Recording upload: parts step")
struct RecordingPartsStepTests {
    @Test("the store holds parts 1 and 3 (3 sent before a kill, never recorded): only part 2 is sent")
    func sendsOnlyWhatTheStoreLacks() async throws {
        let fixture = try await RecordingStepFixture.make(recorded: [:])
        defer { fixture.remove() }
        try await fixture.store.recordPart(itemId: fixture.item.id, partNumber: 1, etag: try fixture.etag(offset: 0, size: 100))
        let held = [
            AcceptedParts.Part(partNumber: 1, etag: try fixture.etag(offset: 0, size: 100), sizeBytes: 100),
            AcceptedParts.Part(partNumber: 3, etag: try fixture.etag(offset: 200, size: 50), sizeBytes: 50),
        ]
        let api = ScriptedRecordingAPI(accepted: .success(AcceptedParts(assetId: "asset-1", uploadId: "upload-1", partSize: 100, partCount: 3, parts: held)))
        let sender = RecordingPartSender()
        try await fixture.step(api: api, sender: sender).uploadParts(fixture.item)

        #expect(sender.puts == [.init(url: "http://store/part2", offset: 100, size: 100)])
        #expect(api.made == [.acceptedParts])
        let after = try fixture.current()
        #expect(after.state == .uploaded)
        #expect(try fixture.store.parts(itemId: after.id).map(\.etag) == [
            try fixture.etag(offset: 0, size: 100), try fixture.etag(offset: 100, size: 100), try fixture.etag(offset: 200, size: 50),
        ])
    }

    @Test("a held part whose MD5 is of other bytes is sent again; one of the wrong length is not trusted")
    func distrustsStaleParts() async throws {
        let fixture = try await RecordingStepFixture.make()
        defer { fixture.remove() }
        let held = [
            // Another upload's bytes for part 1: right length, wrong digest.
            AcceptedParts.Part(partNumber: 1, etag: RecordingPartSender.etag(Data(repeating: 7, count: 100)), sizeBytes: 100),
            // Part 2 with the right digest of its first 99 bytes but the wrong length.
            AcceptedParts.Part(partNumber: 2, etag: try fixture.etag(offset: 100, size: 99), sizeBytes: 99),
            // Part 3 is right.
            AcceptedParts.Part(partNumber: 3, etag: try fixture.etag(offset: 200, size: 50), sizeBytes: 50),
        ]
        let api = ScriptedRecordingAPI(accepted: .success(AcceptedParts(assetId: "asset-1", uploadId: "upload-1", partSize: 100, partCount: 3, parts: held)))
        let sender = RecordingPartSender()
        try await fixture.step(api: api, sender: sender).uploadParts(fixture.item)

        #expect(sender.puts.map(\.url) == ["http://store/part1", "http://store/part2"])
        #expect(sender.puts.map(\.size) == [100, 100])
        #expect(try fixture.current().state == .uploaded)
    }

    @Test("an ETag that is not a digest (SSE-KMS) cannot be checked at the edge and is taken as the store's word")
    func trustsUncheckableETags() async throws {
        let fixture = try await RecordingStepFixture.make()
        defer { fixture.remove() }
        let held = [AcceptedParts.Part(partNumber: 2, etag: "\"kms-opaque-etag-2\"", sizeBytes: 100)]
        let api = ScriptedRecordingAPI(accepted: .success(AcceptedParts(assetId: "asset-1", uploadId: "upload-1", partSize: 100, partCount: 3, parts: held)))
        let sender = RecordingPartSender()
        try await fixture.step(api: api, sender: sender).uploadParts(fixture.item)

        #expect(sender.puts.map(\.url) == ["http://store/part1", "http://store/part3"])
        #expect(try fixture.store.parts(itemId: fixture.item.id).first { $0.partNumber == 2 }?.etag == "\"kms-opaque-etag-2\"")
    }

    @Test("the upload window is checked before every part: closed, nothing is sent and the item waits for the opening")
    func stopsBetweenPartsWhenTheWindowCloses() async throws {
        let fixture = try await RecordingStepFixture.make()
        defer { fixture.remove() }
        try await fixture.store.recordPart(itemId: fixture.item.id, partNumber: 1, etag: try fixture.etag(offset: 0, size: 100))
        let held = [AcceptedParts.Part(partNumber: 1, etag: try fixture.etag(offset: 0, size: 100), sizeBytes: 100)]
        let api = ScriptedRecordingAPI(accepted: .success(AcceptedParts(assetId: "asset-1", uploadId: "upload-1", partSize: 100, partCount: 3, parts: held)))
        let sender = RecordingPartSender()
        let window = RecordingStepFixture.closedWindow()
        // Straight into the parts loop (as when the window closes during a transfer): the per-part check stops it.
        try await fixture.step(api: api, sender: sender, windows: [window]).uploadParts(fixture.item)

        #expect(sender.puts.isEmpty)
        let after = try fixture.current()
        #expect(after.state == .presigned, "the stored part stays, the rest wait")
        #expect(after.windowWait)
        let opening = try #require([window].nextOpening(after: Date()))
        #expect(abs(after.retryAt - opening.timeIntervalSince1970) < 1)
        #expect(try fixture.store.parts(itemId: after.id).compactMap(\.etag).count == 1)
    }

    @Test("the store says the upload was completed (an earlier run's answer was lost): no part is sent, the item moves on")
    func completedEarlier() async throws {
        let fixture = try await RecordingStepFixture.make()
        defer { fixture.remove() }
        let api = ScriptedRecordingAPI(accepted: .failure(ScriptedRecordingAPI.refusal(409, .uploadCompleted)))
        let sender = RecordingPartSender()
        try await fixture.step(api: api, sender: sender).uploadParts(fixture.item)

        #expect(sender.puts.isEmpty)
        #expect(try fixture.current().state == .uploaded)
    }

    @Test("the store no longer knows the asset: the upload starts over with a new grant")
    func assetGone() async throws {
        let fixture = try await RecordingStepFixture.make()
        defer { fixture.remove() }
        let api = ScriptedRecordingAPI(accepted: .failure(ScriptedRecordingAPI.refusal(404, .assetNotFound)))
        let sender = RecordingPartSender()
        try await fixture.step(api: api, sender: sender).uploadParts(fixture.item)

        #expect(sender.puts.isEmpty)
        #expect(try fixture.current().state == .qcDone)
    }

    @Test("complete sends every recorded part in order and acknowledges the item")
    func completeSendsTheParts() async throws {
        let fixture = try await RecordingStepFixture.make()
        defer { fixture.remove() }
        let all = [AcceptedParts.Part]()
        let api = ScriptedRecordingAPI(accepted: .success(AcceptedParts(assetId: "asset-1", uploadId: "upload-1", partSize: 100, partCount: 3, parts: all)))
        let sender = RecordingPartSender()
        let step = fixture.step(api: api, sender: sender)
        try await step.uploadParts(fixture.item)
        try await step.completeUpload(try fixture.current())

        #expect(sender.puts.count == 3)
        #expect(api.made == [.acceptedParts, .complete([1, 2, 3])])
        #expect(try fixture.current().state == .acknowledged)
    }
}
