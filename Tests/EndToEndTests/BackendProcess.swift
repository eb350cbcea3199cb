import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
import TestSupport

/// Runs the real `relay-backend` executable (built by `swift build --build-tests`) as a child process.
struct BackendProcess {
    /// `.build/debug/relay-backend`, or `RELAY_BACKEND_BIN`.
    static var executable: URL {
        if let path = ProcessInfo.processInfo.environment["RELAY_BACKEND_BIN"] { return URL(fileURLWithPath: path) }
        // The test bundle sits beside the executables in the build folder.
        let bundleFolder = Bundle.main.bundleURL.deletingLastPathComponent()
        let candidates = [
            bundleFolder.appendingPathComponent("relay-backend"),
            Bundle.main.bundleURL.appendingPathComponent("relay-backend"),
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug/relay-backend"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[2]
    }

    /// Output of a finished command.
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs a command to completion (admin, migrate).
    static func run(_ arguments: [String], cwd: URL, stdin: String? = nil, environment: [String: String] = [:]) async throws -> Result {
        try await TestVideos.runOffPool { try runBlocking(arguments, cwd: cwd, stdin: stdin, environment: environment) }
    }

    /// ``run(_:cwd:stdin:environment:)`` on the calling thread: only for a thread of its own, never the
    /// cooperative pool (``TestVideos/runOffPool(_:)``).
    static func runBlocking(_ arguments: [String], cwd: URL, stdin: String?, environment: [String: String]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = cwd
        process.environment = cleanEnvironment().merging(environment) { $1 }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self))
    }

    /// The environment without RELAY_* variables, so a test controls every setting.
    static func cleanEnvironment() -> [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("RELAY_") }
    }

    /// Starts `relay-backend serve` and waits until `/v1/health` answers (or fails after 60 s).
    static func startServer(_ arguments: [String], cwd: URL, port: Int, environment: [String: String] = [:]) async throws
        -> Process
    {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = cwd
        process.environment = cleanEnvironment().merging(environment) { $1 }
        let log = cwd.appendingPathComponent("server.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if !process.isRunning {
                let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                throw MissingTestService("relay-backend exited early (\(process.terminationStatus)): \(text.suffix(2000))")
            }
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/health")
            request.method = .GET
            if let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(2)), response.status == .ok {
                return process
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        process.terminate()
        throw MissingTestService("relay-backend did not answer /v1/health within 60 s")
    }

    /// Waits for a process to exit, up to `timeout`; returns its status or nil.
    static func waitForExit(_ process: Process, timeout: Duration) async throws -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        return process.isRunning ? nil : process.terminationStatus
    }
}
