import AgentCore
import AgentRuntime
import AsyncHTTPClient
import BackendCore
import Foundation
import Logging

/// `relay-upload-bench FILE`: uploads FILE the way the agent does — a presigned S3 `PUT` (SigV4,
/// content SHA-256 bound) streamed from disk through `PresignedPut` — to the S3 store named by
/// RELAY_TEST_S3_* and prints seconds, MB/s and the process's peak RSS. `Benchmarks/upload.sh` compares
/// it with `aws s3 cp` of the same file.
@main
struct UploadBench {
    static func main() async throws {
        let arguments = CommandLine.arguments.dropFirst()
        guard let path = arguments.first else {
            FileHandle.standardError.write(Data("usage: relay-upload-bench FILE\n".utf8))
            exit(2)
        }
        let env = ProcessInfo.processInfo.environment
        guard let endpoint = env["RELAY_TEST_S3_ENDPOINT"].flatMap(URL.init(string:)) else {
            FileHandle.standardError.write(Data("RELAY_TEST_S3_ENDPOINT is not set (source scripts/services.sh's env file)\n".utf8))
            exit(2)
        }
        let file = URL(fileURLWithPath: path)
        let size = try (FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value ?? 0
        let hashStart = Date()
        let sha = try FileHasher.sha256(of: file)
        let hashSeconds = Date().timeIntervalSince(hashStart)
        let store = try S3BlobStore(
            configuration: S3Configuration(
                endpoint: endpoint, region: env["RELAY_TEST_S3_REGION"] ?? "us-east-1", bucket: env["RELAY_TEST_S3_BUCKET"] ?? "relay-test",
                accessKeyId: env["RELAY_TEST_S3_ACCESS_KEY"] ?? "", secretAccessKey: env["RELAY_TEST_S3_SECRET_KEY"] ?? ""),
            httpClient: .shared)
        let key = BlobKey(segments: "bench", "upload-\(UUID().uuidString.lowercased()).bin")
        let presigned = try await store.presignPut(key: key, contentType: "application/octet-stream", sha256: sha, expiresIn: .seconds(3600))
        let put = PresignedPut(limiter: BandwidthLimiter(bytesPerSecond: 0))
        let start = Date()
        let outcome = await put.put(file: file, size: size, url: presigned.url, headers: presigned.headers)
        let seconds = Date().timeIntervalSince(start)
        guard case .stored = outcome else {
            FileHandle.standardError.write(Data("upload failed: \(outcome)\n".utf8))
            exit(1)
        }
        guard let stored = try await store.head(key: key), stored.size == size else {
            FileHandle.standardError.write(Data("the stored object has the wrong size\n".utf8))
            exit(1)
        }
        try? await store.delete(key: key)
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        print(String(
            format: "relay-agent PUT: %.2f s, %.1f MB/s (SHA-256 at intake: %.2f s), peak RSS %.1f MB",
            seconds, Double(size) / seconds / 1e6, hashSeconds, Double(usage.ru_maxrss) / 1024))
        print(String(format: "RESULT seconds=%.3f rss_mb=%.1f", seconds, Double(usage.ru_maxrss) / 1024))
    }
}
