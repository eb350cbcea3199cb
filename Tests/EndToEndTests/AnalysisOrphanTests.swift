import BackendApp
import BackendCore
import Foundation
import RelayAPI
import RelaySyncCorpus
import Testing
import TestSupport

/// An analysis whose job the queue dead-lettered without its handler finishing (a worker killed on its
/// last attempt) does not stay `processing` forever: it reads as failed, and its batch moves on.
@Suite("Analyzer orphans")
struct AnalysisOrphanTests {
    @Test("a dead job fails its analysis when next read", arguments: TestEnvironment.databaseKinds)
    func deadJob(kind: String) async throws {
        let root = try TestEnvironment.temporaryDirectory("orphan-root")
        defer { try? FileManager.default.removeItem(at: root) }
        let (master, dub) = SyncScenario(kind: .speech, seed: 5, masterSeconds: 10, cameraSeconds: 10, offsetSeconds: 1).render()
        try WAVWriter.write([master.samples], rate: 8000, encoding: .int16, to: root.appendingPathComponent("m.wav"))
        try WAVWriter.write([dub.samples], rate: 8000, encoding: .int16, to: root.appendingPathComponent("d.wav"))
        try await TestApp.with(kind, extra: ["analyzer_media_roots": root.path]) { services, _ in
            let org = try await services.auth.admin.createOrg(name: "Orphans \(UUID().uuidString.prefix(6))")
            let identity = Identity(subject: UUID(), orgId: org.id, role: .operator_, siteIds: [], tokenId: "t", expiresAt: .distantFuture)
            let record = try await services.analyzer.submitSync(identity, SyncAnalysisRequest(masterFile: "m.wav", dubFile: "d.wav"))
            #expect(record.status == .queued)
            // A worker claims it on its last attempt and dies; the queue dead-letters the job.
            let job = try #require(try await services.jobQueue.claim(workerId: "gone", kinds: [AnalyzerService.syncJobKind], lease: .seconds(30), now: Date()))
            try await services.jobQueue.fail(id: job.id, workerId: "gone", error: "killed", retryAt: nil, now: Date())
            #expect(try await services.jobQueue.job(id: job.id)?.state == .dead)
            let read = try await services.analyzer.analysis(identity, id: record.id)
            #expect(read.status == .failed && read.errorCode == "ANALYSIS_FAILED", "\(read.status)")
        }
    }
}
