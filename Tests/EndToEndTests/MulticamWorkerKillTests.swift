import BackendApp
import BackendCore
import Foundation
import RelayAPI
import Testing
import TestSupport

/// A real `relay-backend worker` process SIGKILLed while ffmpeg makes an asset's derivatives: a second
/// worker re-runs the job after the lease, the asset becomes ready, the orphaned ffmpeg is stopped and
/// no scratch files remain.
@Suite("Multi-camera ingest survives a killed worker", .serialized)
struct MulticamWorkerKillTests {
    @Test("SIGKILL the worker during ffmpeg → retried → ready, temp files cleaned")
    func killWorkerDuringFFmpeg() async throws {
        let folder = try TestEnvironment.temporaryDirectory("relay-multicam-kill")
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = folder.appendingPathComponent("CAM_A_001.mp4")
        try await TestVideos.make(clip, seconds: 30, width: 1280, height: 720, videoBitrate: "2M")
        let port = freeLoopbackPort()
        let extra = [
            "port": "\(port)", "public_url": "http://127.0.0.1:\(port)", "multicam_min_part_mib": "5", "multicam_mezzanine_profile": "hq",
            "multicam_proxy_height": "720",
        ]
        try await TestApp.with("sqlite", extra: extra) { services, router in
            let org = try await services.auth.admin.createOrg(name: "Kill \(UUID().uuidString.prefix(6))")
            _ = try await services.auth.admin.createUser(
                orgId: org.id, email: "k@example.com", name: "K", role: "operator", siteIds: [], password: "a good long password")
            let token = try await services.auth.login(LoginRequest(email: "k@example.com", password: "a good long password")).accessToken
            guard case .sqlite(let path) = services.configuration.database else { return }
            let environment = [
                "RELAY_DATABASE_URL": "sqlite:" + path, "RELAY_DATA_DIR": services.configuration.dataDir,
                "RELAY_WORKER_LEASE_SECONDS": "3", "RELAY_WORKER_POLL_MS": "100", "RELAY_MULTICAM_MEZZANINE_PROFILE": "hq",
                "RELAY_MULTICAM_PROXY_HEIGHT": "720", "RELAY_LOG_LEVEL": "info",
            ]
            try await TestApp.serve(router, port: port) { base in
                let client = MulticamClient(base: base, token: token)
                let session = try await client.createSession()
                let upload = try await client.uploadParts(session: session, camera: "A", file: clip)
                let completed = try await client.complete(session: session, asset: upload.asset, uploadId: upload.uploadId, parts: upload.parts)
                let jobId = try #require(completed.object["ingestionJobId"] as? String)

                let first = try Self.startWorker(environment: environment, cwd: folder, log: "worker-1.log")
                defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }
                let work = URL(fileURLWithPath: services.configuration.dataDir).appendingPathComponent("work")
                let busy = ContinuousClock.now + .seconds(120)
                var progress = 0.0
                while ContinuousClock.now < busy {
                    progress = try await services.jobQueue.job(id: jobId)?.progress ?? 0
                    if progress > 0.1 { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                #expect(progress > 0.1 && progress < 0.95, "ffmpeg is running when the worker dies (\(progress))")
                let scratch = try FileManager.default.contentsOfDirectory(atPath: work.path)
                #expect(scratch.count == 1)
                kill(first.processIdentifier, SIGKILL)
                _ = try await BackendProcess.waitForExit(first, timeout: .seconds(10))

                let second = try Self.startWorker(environment: environment, cwd: folder, log: "worker-2.log")
                defer { if second.isRunning { kill(second.processIdentifier, SIGTERM) } }
                let assetId = try #require(UUID(uuidString: upload.asset))
                let deadline = ContinuousClock.now + .seconds(300)
                var asset = try await services.multicam.repository.asset(id: assetId)
                while asset?.status == .ingesting, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(250))
                    asset = try await services.multicam.repository.asset(id: assetId)
                }
                #expect(asset?.status == .ready, "\(String(describing: asset?.errorMessage))")
                #expect(Set(asset?.derivatives.map(\.kind) ?? []) == ["proxy", "mezzanine", "audio-wav"])
                #expect(try await services.jobQueue.job(id: jobId)?.attempts == 2, "the killed attempt was retried once")
                #expect(await TestEnvironment.becomesEmpty(work), "scratch folders removed")
                #expect(Self.processesNaming(work.path).isEmpty, "no ffmpeg of the dead worker is left running")
                for derivative in asset?.derivatives ?? [] {
                    let head = try await services.blobStore.head(key: try #require(BlobKey(derivative.key)))
                    #expect(head?.size == derivative.sizeBytes, "\(derivative.kind) stored whole")
                }
                kill(second.processIdentifier, SIGTERM)
                #expect(try await BackendProcess.waitForExit(second, timeout: .seconds(30)) == 0)
            }
        }
    }

    static func startWorker(environment: [String: String], cwd: URL, log: String) throws -> Process {
        let process = Process()
        process.executableURL = BackendProcess.executable
        process.arguments = ["worker"]
        process.currentDirectoryURL = cwd
        process.environment = BackendProcess.cleanEnvironment().merging(environment) { $1 }
        let file = cwd.appendingPathComponent(log)
        FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// Pids whose command line mentions `text`.
    static func processesNaming(_ text: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")) else { return false }
            return String(decoding: data, as: UTF8.self).contains(text)
        }
    }
}
