import Foundation
import Testing
import TestSupport

/// `relay-agent qc` as an operator or script runs it.
@Suite("relay-agent qc")
struct AgentQCCommandTests {
    static var executable: URL {
        BackendProcess.executable.deletingLastPathComponent().appendingPathComponent("relay-agent")
    }

    func run(_ arguments: [String]) async throws -> (status: Int32, stdout: String) {
        let result = try await ChildProcess.run(Self.executable, arguments, environment: ProcessInfo.processInfo.environment)
        return (result.status, result.stdout)
    }

    @Test("--json prints one seed-shaped object per file; a failing file makes the exit status 1")
    func json() async throws {
        let folder = try TestEnvironment.temporaryDirectory("agent-qc")
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("good.jpg")
        try TestPhotos.jpeg(width: 640, height: 480, seed: 1).write(to: good)
        let broken = folder.appendingPathComponent("broken.jpg")
        try Data(try TestPhotos.jpeg(width: 640, height: 480, seed: 2).prefix(500)).write(to: broken)

        let onlyGood = try await run(["qc", good.path])
        #expect(onlyGood.status == 0)
        #expect(onlyGood.stdout.contains("PASS"))
        #expect(onlyGood.stdout.contains("ISO 200"))

        let both = try await run(["qc", "--json", good.path, broken.path])
        #expect(both.status == 1)
        let objects = try both.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.count == 2)
        let qc = try #require(objects[0]["qc"] as? [String: Any])
        let sharpness = try #require(qc["sharpness"] as? [String: Any])
        #expect(sharpness["status"] as? String == "pass")
        #expect(sharpness["score"] is Double)
        #expect((qc["exposure"] as? [String: Any])?["status"] as? String == "pass")
        let failed = try #require((objects[1]["qc"] as? [String: Any])?["sharpness"] as? [String: Any])
        #expect(failed["status"] as? String == "fail")
        #expect((failed["reason"] as? String)?.isEmpty == false)

        #expect(try await run(["qc"]).status != 0)
    }

    @Test("--edge-width-fail/--edge-width-warn set the sharpness limits; limits in the wrong order are refused")
    func edgeLimits() async throws {
        let folder = try TestEnvironment.temporaryDirectory("agent-qc-limits")
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("good.jpg")
        try TestPhotos.jpeg(width: 640, height: 480, seed: 1).write(to: good)
        let strict = try await run(["qc", "--edge-width-fail", "0.5", "--edge-width-warn", "0.4", good.path])
        #expect(strict.status == 1)
        #expect(strict.stdout.contains("blurred: the sharpest edges are"))
        let lenient = try await run(["qc", "--edge-width-fail", "40", "--edge-width-warn", "30", good.path])
        #expect(lenient.status == 0)
        #expect(try await run(["qc", "--edge-width-fail", "2", "--edge-width-warn", "3", good.path]).status != 0)
    }
}
