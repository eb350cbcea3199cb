import Foundation
import Logging

/// Everything `relay-backend` reads at start, by subsystem. Every key, its environment variable and its
/// default are listed in the README ("Configuration").
package struct BackendConfiguration: Sendable {
    /// HTTP server settings.
    package var server: ServerConfiguration
    /// Folder for the SQLite file, local blobs and generated secrets. Key `data_dir`, default `./data`.
    package var dataDir: String
    package var database: DatabaseSettings
    package var blobStore: BlobStoreConfiguration
    /// `in-process` (default) runs a job worker inside `serve`; `none` leaves jobs to `relay-backend worker`.
    package var workerMode: String
    package var worker: JobWorkerConfiguration
    package var logLevel: Logger.Level
    /// `logfmt` (default) or `json`.
    package var logFormat: String
    /// Identity: token signing, OIDC, registration.
    package var auth: AuthConfiguration
    /// Seed 001's rate limits.
    package var rateLimits: RateLimitPolicy
    /// Seed 003: upload limit, HLS segmenting and ladder, ffmpeg paths.
    package var video: VideoConfiguration
    /// Seed 000: camera labels, asset size, part size, URL lifetime, derivative settings.
    package var multicam: MulticamConfiguration
    /// Seed 002: media roots, upload and duration limits.
    package var analyzer: AnalyzerConfiguration
    /// Base64 HMAC key for local-store URLs (key `blob_signing_key`); generated and kept in the data dir
    /// when unset.
    package var blobSigningKey: String?

    /// Reads every key from `source`, failing with a message that names the bad key.
    package init(_ source: ConfigurationSource) throws {
        dataDir = source.string("data_dir") ?? "./data"
        server = try ServerConfiguration(source)
        database = try DatabaseSettings.parse(source.string("database_url"), dataDir: dataDir)
        blobStore = try BlobStoreConfiguration(source, dataDir: dataDir)
        workerMode = try source.choice("worker", default: "in-process", allowed: ["in-process", "none"])
        worker = JobWorkerConfiguration(
            concurrency: try source.int("worker_concurrency", default: 2, in: 1...64),
            lease: .seconds(try source.int("worker_lease_seconds", default: 30, in: 3...3600)),
            pollInterval: .milliseconds(try source.int("worker_poll_ms", default: 500, in: 10...60_000)))
        let level = try source.choice(
            "log_level", default: "info", allowed: Logger.Level.allCases.map(\.rawValue))
        logLevel = Logger.Level(rawValue: level) ?? .info
        logFormat = try source.choice("log_format", default: "logfmt", allowed: ["logfmt", "json"])
        blobSigningKey = source.string("blob_signing_key")
        auth = try AuthConfiguration(source)
        rateLimits = try RateLimitPolicy(source)
        video = try VideoConfiguration(source)
        multicam = try MulticamConfiguration(source)
        analyzer = try AnalyzerConfiguration(source, dataDir: dataDir)
    }
}

/// HTTP server settings.
package struct ServerConfiguration: Sendable {
    /// Key `host`, default `127.0.0.1`.
    package var host: String
    /// Key `port`, default `8080`.
    package var port: Int
    /// The URL clients reach this server at (used in local-store signed URLs). Key `public_url`,
    /// default `http://{host}:{port}`.
    package var publicURL: String
    /// Largest JSON/request body accepted by API routes. Key `max_body_bytes`, default 1 MiB.
    package var maxBodyBytes: Int
    /// Largest single object accepted by the local blob endpoint. Key `max_blob_bytes`, default 5 GiB.
    package var maxBlobBytes: Int64
    /// How long in-flight requests may take to finish after SIGTERM. Key `shutdown_grace_seconds`, default 30.
    package var shutdownGraceSeconds: Int
    /// Load balancers whose `X-Forwarded-For` names the client. Key `trusted_proxies`, default none.
    package var trustedProxies: TrustedProxies

    package init(_ source: ConfigurationSource) throws {
        host = source.string("host") ?? "127.0.0.1"
        port = try source.int("port", default: 8080, in: 0...65535)
        let defaultURL = "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
        publicURL = source.string("public_url") ?? defaultURL
        guard let url = URL(string: publicURL), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw ConfigurationError("public_url must be an http(s) URL, got \(publicURL)")
        }
        maxBodyBytes = try source.int("max_body_bytes", default: 1 << 20, in: 1024...(1 << 30))
        maxBlobBytes = Int64(try source.int("max_blob_bytes", default: 5 << 30, in: 1024...(5 << 40)))
        shutdownGraceSeconds = try source.int("shutdown_grace_seconds", default: 30, in: 0...3600)
        trustedProxies = try TrustedProxies(source.string("trusted_proxies"))
    }
}

/// Which blob store, and its settings.
package enum BlobStoreConfiguration: Sendable {
    /// Local disk under `{data_dir}/blobs` (default). Key `blob_store=local`.
    case local(root: String)
    /// An S3-compatible store. Key `blob_store=s3` with `s3_endpoint`, `s3_public_endpoint` (optional),
    /// `s3_region` (default `us-east-1`), `s3_bucket`, `s3_access_key_id`, `s3_secret_access_key`,
    /// `s3_multipart_threshold_mib` (64), `s3_multipart_part_mib` (16).
    case s3(S3Configuration)

    package init(_ source: ConfigurationSource, dataDir: String) throws {
        switch try source.choice("blob_store", default: "local", allowed: ["local", "s3"]) {
        case "s3":
            func required(_ key: String) throws -> String {
                guard let value = source.string(key) else { throw ConfigurationError("\(key) is required when blob_store=s3") }
                return value
            }
            guard let endpoint = URL(string: try required("s3_endpoint")) else {
                throw ConfigurationError("s3_endpoint must be a URL")
            }
            let publicEndpoint = try source.string("s3_public_endpoint").map { text -> URL in
                guard let url = URL(string: text) else { throw ConfigurationError("s3_public_endpoint must be a URL") }
                return url
            }
            var s3 = S3Configuration(
                endpoint: endpoint, publicEndpoint: publicEndpoint, region: source.string("s3_region") ?? "us-east-1",
                bucket: try required("s3_bucket"), accessKeyId: try required("s3_access_key_id"),
                secretAccessKey: try required("s3_secret_access_key"))
            s3.multipartThreshold = Int64(try source.int("s3_multipart_threshold_mib", default: 64, in: 5...5120)) << 20
            s3.multipartPartMiB = try source.int("s3_multipart_part_mib", default: 16, in: 5...5120)
            self = .s3(s3)
        default:
            self = .local(root: source.string("blob_dir") ?? dataDir + "/blobs")
        }
    }
}
