import Foundation

/// Where and how `S3BlobStore` reaches an S3-compatible store (SeaweedFS, MinIO, AWS S3, R2).
///
/// Requests always use path-style addressing (`{endpoint}/{bucket}/{key}`): SeaweedFS and MinIO serve
/// it without any DNS set-up and AWS S3 still accepts it. Virtual-hosted style is not supported.
///
/// The secret key never appears in `description`, `debugDescription` or a `Mirror` of this value,
/// so logging a configuration is safe.
package struct S3Configuration: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Base URL the backend uses for its own requests, e.g. `http://127.0.0.1:8333`.
    package var endpoint: URL
    /// Base URL put into presigned URLs handed to clients; agents may reach the store under another
    /// name than the backend does (public DNS name, TLS terminator). Defaults to `endpoint`.
    package var publicEndpoint: URL
    /// SigV4 signing region (`us-east-1` for SeaweedFS and MinIO unless configured otherwise).
    package var region: String
    /// The bucket every key lives in.
    package var bucket: String
    /// Access key id (not secret; appears in presigned URLs).
    package var accessKeyId: String
    /// Secret access key; only ever used as HMAC key material, never printed.
    package var secretAccessKey: String
    /// Time limit of a metadata request (HEAD, list, multipart bookkeeping).
    package var requestTimeout: Duration
    /// Time limit of a request that moves an object's bytes (get, put, upload, download, complete).
    package var transferTimeout: Duration
    /// A file larger than this is uploaded by the backend (`upload(key:from:contentType:)`) as a
    /// multipart upload, in parts of at least `multipartPartMiB`: one PUT cannot carry more than 5 GiB.
    /// Key `s3_multipart_threshold_mib`, default 64 (5–5120).
    package var multipartThreshold: Int64 = 64 << 20
    /// Smallest part of the backend's own multipart uploads, in MiB (grown to keep within 10,000
    /// parts). Key `s3_multipart_part_mib`, default 16 (5–5120).
    package var multipartPartMiB: Int = 16

    /// Creates a configuration; `publicEndpoint` defaults to `endpoint`.
    package init(
        endpoint: URL,
        publicEndpoint: URL? = nil,
        region: String = "us-east-1",
        bucket: String,
        accessKeyId: String,
        secretAccessKey: String,
        requestTimeout: Duration = .seconds(30),
        transferTimeout: Duration = .seconds(3600)
    ) {
        self.endpoint = endpoint
        self.publicEndpoint = publicEndpoint ?? endpoint
        self.region = region
        self.bucket = bucket
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.requestTimeout = requestTimeout
        self.transferTimeout = transferTimeout
    }

    /// Reads `{prefix}ENDPOINT`, `{prefix}PUBLIC_ENDPOINT`, `{prefix}REGION`, `{prefix}BUCKET`,
    /// `{prefix}ACCESS_KEY` and `{prefix}SECRET_KEY` (e.g. prefix `RELAY_S3_` or `RELAY_TEST_S3_`).
    ///
    /// Returns `nil` when `{prefix}ENDPOINT` is unset (S3 not configured); throws when it is set but
    /// another required key is missing or a URL is malformed.
    package static func fromEnvironment(_ environment: [String: String], prefix: String) throws -> S3Configuration? {
        guard let endpointText = environment[prefix + "ENDPOINT"], !endpointText.isEmpty else { return nil }
        func required(_ name: String) throws -> String {
            guard let value = environment[prefix + name], !value.isEmpty else {
                throw BlobStoreError(.unavailable, "\(prefix)\(name) must be set when \(prefix)ENDPOINT is")
            }
            return value
        }
        func url(_ name: String, _ text: String) throws -> URL {
            guard let url = URL(string: text), url.scheme != nil, url.host != nil else {
                throw BlobStoreError(.unavailable, "\(prefix)\(name) is not an absolute http(s) URL")
            }
            return url
        }
        var publicEndpoint: URL?
        if let text = environment[prefix + "PUBLIC_ENDPOINT"], !text.isEmpty {
            publicEndpoint = try url("PUBLIC_ENDPOINT", text)
        }
        return S3Configuration(
            endpoint: try url("ENDPOINT", endpointText),
            publicEndpoint: publicEndpoint,
            region: environment[prefix + "REGION"].flatMap { $0.isEmpty ? nil : $0 } ?? "us-east-1",
            bucket: try required("BUCKET"),
            accessKeyId: try required("ACCESS_KEY"),
            secretAccessKey: try required("SECRET_KEY")
        )
    }

    package var description: String {
        "S3Configuration(endpoint: \(endpoint.absoluteString), publicEndpoint: \(publicEndpoint.absoluteString), "
            + "region: \(region), bucket: \(bucket), accessKeyId: \(accessKeyId), secretAccessKey: <redacted>)"
    }

    package var debugDescription: String { description }

    package var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "endpoint": endpoint, "publicEndpoint": publicEndpoint, "region": region, "bucket": bucket,
                "accessKeyId": accessKeyId, "secretAccessKey": "<redacted>",
                "requestTimeout": requestTimeout, "transferTimeout": transferTimeout,
            ],
            displayStyle: .struct
        )
    }
}

extension S3Configuration {
    /// The parts of an endpoint URL that request URLs and signatures are built from.
    struct Origin: Sendable, Equatable {
        /// `http` or `https`.
        var scheme: String
        /// The `Host` header value: host, plus `:port` only when it is not the scheme's default
        /// (the same rule AsyncHTTPClient and browsers apply, so the signed host matches the sent one).
        var host: String
        /// Path prefix of the endpoint without a trailing slash; usually empty.
        var basePath: String

        init(_ url: URL) throws {
            guard let components = URLComponents(url: url, resolvingAgainstBaseURL: false),
                let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
                let rawHost = components.host, !rawHost.isEmpty
            else {
                throw BlobStoreError(.unavailable, "S3 endpoint must be an absolute http(s) URL with a host")
            }
            var host = rawHost.contains(":") && !rawHost.hasPrefix("[") ? "[\(rawHost)]" : rawHost
            if let port = components.port, port != (scheme == "https" ? 443 : 80) {
                host += ":\(port)"
            }
            var basePath = components.path
            while basePath.hasSuffix("/") { basePath.removeLast() }
            self.scheme = scheme
            self.host = host
            self.basePath = basePath
        }

        /// Unencoded request path of the bucket, or of `key` inside it (path-style addressing).
        func path(bucket: String, key: BlobKey?) -> String {
            basePath + "/" + bucket + (key.map { "/" + $0.rawValue } ?? "")
        }

        /// Absolute URL for an unencoded path and query, encoded exactly as `SigV4Signer` signs them.
        func url(path: String, query: [String: String]) -> String {
            let base = "\(scheme)://\(host)\(SigV4Signer.encodePath(path))"
            return query.isEmpty ? base : base + "?" + SigV4Signer.canonicalQuery(query)
        }
    }
}
