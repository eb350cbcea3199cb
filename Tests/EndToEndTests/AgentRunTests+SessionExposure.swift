import BackendApp
import BackendCore
import Foundation
import RelayAPI
import RelayMedia
import Testing
import TestFixtures
import TestSupport

extension AgentRunTests {
    /// One turntable frame: the same scene shifted `shift` px (so every frame has its own bytes), exposed
    /// `ev` stops off (linear light, clipped).
    static func spinFrame(shift: Int, ev: Double = 0) throws -> Data {
        let scene = TestPhotos.scene(width: 640, height: 480, seed: 42)
        let gain = pow(2.0, ev)
        let table: [UInt8] = (0..<256).map { UInt8((pow(min(pow(Double($0) / 255, 2.2) * gain, 1), 1 / 2.2) * 255).rounded()) }
        var pixels = scene.pixels
        for y in 0..<480 {
            for x in 0..<640 {
                for c in 0..<3 { pixels[(y * 640 + x) * 3 + c] = table[Int(scene.pixels[(y * 640 + (x + shift) % 640) * 3 + c])] }
            }
        }
        return try JPEGEncoder(quality: 90).encode(RGBImage(width: 640, height: 480, pixels: pixels))
    }

    @Test("a 24-frame spin with one frame 1.5 EV darker: that frame fails exposure against its session, with its angle, on the agent and on the backend; the others pass")
    func darkFrameInASpin() async throws {
        let port = freeLoopbackPort()
        try await TestApp.with("postgres", extra: try Self.configuration(port: port)) { services, router in
            let (world, key, orgId) = try await AgentWorld.make(services: services, port: port, settings: ["frame_count": 24])
            defer { try? FileManager.default.removeItem(at: world.root) }
            // The backend's image processing runs here too: its QC judges the session as well.
            let worker = JobWorkerService(
                queue: services.jobQueue, handlers: JobHandlerRegistry.standard(services: services),
                configuration: JobWorkerConfiguration(concurrency: 2, pollInterval: .milliseconds(50)), workerId: "session-qc",
                logger: TestDatabase.logger)
            try await TestApp.serve(router, port: port) { _ in
                try await worker.running {
                try await world.enroll(orgId: orgId, key: key)
                let agent = try world.startAgent()
                defer { agent.stop() }
                let folder = world.watch.appendingPathComponent("STK-SPIN-EV")
                // The turntable turns: one frame every 200 ms; frame 7 (105°) got 1.5 stops too little light.
                for index in 0..<24 {
                    try AgentWorld.drop(try Self.spinFrame(shift: index * 3, ev: index == 7 ? -1.5 : 0), as: String(format: "SPIN_%04d.jpg", index), in: folder)
                    try await Task.sleep(for: .milliseconds(200))
                }
                #expect(try await Self.drained(world, items: 24, within: 120), "\(world.agentLog.suffix(3000))")

                // The agent: one QC failure, the dark frame, named by its angle.
                let status = try await world.status()
                guard case .array(let failures)? = status["last_qc_failures"] else { Issue.record("no QC failures in \(status)"); return }
                #expect(failures.count == 1, "\(failures)")
                if case .object(let failure)? = failures.first {
                    #expect(failure["angle_deg"] == .number(105))
                    let reason = failure["reason"]?.stringValue ?? ""
                    #expect(reason.contains("darker than its session neighbours") && reason.contains("105°"), "\(reason)")
                }

                // The backend's image QC judges the session the same way once every frame is processed.
                let sessionId = try #require(try await world.sessions().first?["id"]?.stringValue)
                var images: [[String: JSONValue]] = []
                let deadline = Date().addingTimeInterval(90)
                repeat {
                    images = try await world.images(session: sessionId)
                    if images.count == 24 && images.allSatisfy({ $0["status"]?.stringValue == "processed" }) { break }
                    try await Task.sleep(for: .milliseconds(500))
                } while Date() < deadline
                #expect(images.count == 24)
                for image in images {
                    guard case .object(let qc)? = image["qc"], case .object(let exposure)? = qc["exposure"] else {
                        Issue.record("no qc on \(image)")
                        continue
                    }
                    if image["angle_deg"] == .number(105) {
                        #expect(exposure["status"]?.stringValue == "fail", "\(exposure)")
                        if case .number(let offset)? = exposure["session_offset_ev"] { #expect(offset < -1.2 && offset > -1.8, "\(offset)") }
                        else { Issue.record("no session offset: \(exposure)") }
                        #expect(exposure["reason"]?.stringValue?.contains("105°") == true)
                    } else {
                        #expect(exposure["status"]?.stringValue == "pass", "\(image["angle_deg"] ?? .null): \(exposure)")
                    }
                }
                }
            }
        }
    }
}
