import BackendCore
import Foundation
import Testing

@Suite("Configuration")
struct ConfigurationTests {
    @Test("defaults: 127.0.0.1:8080, ./data, SQLite in the data dir, local blobs, in-process worker")
    func defaults() throws {
        let configuration = try BackendConfiguration(ConfigurationSource.load(file: nil, environment: [:]))
        #expect(configuration.server.host == "127.0.0.1")
        #expect(configuration.server.port == 8080)
        #expect(configuration.server.publicURL == "http://127.0.0.1:8080")
        #expect(configuration.dataDir == "./data")
        #expect(configuration.database == .sqlite(path: "./data/relay.sqlite"))
        guard case .local(let root) = configuration.blobStore else { Issue.record("not local"); return }
        #expect(root == "./data/blobs")
        #expect(configuration.workerMode == "in-process")
        #expect(configuration.server.maxBodyBytes == 1 << 20)
    }

    @Test("file < environment < flags")
    func precedence() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relay-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("relay.json")
        try Data(#"{"port": 9000, "host": "0.0.0.0", "data_dir": "/srv/relay", "worker": "none", "log_format": "json"}"#.utf8)
            .write(to: file)
        let fromFile = try BackendConfiguration(ConfigurationSource.load(file: file.path, environment: [:]))
        #expect(fromFile.server.port == 9000)
        #expect(fromFile.server.host == "0.0.0.0")
        #expect(fromFile.database == .sqlite(path: "/srv/relay/relay.sqlite"))
        #expect(fromFile.workerMode == "none")
        let withEnv = try BackendConfiguration(
            ConfigurationSource.load(file: file.path, environment: ["RELAY_PORT": "9100", "RELAY_DATABASE_URL": "postgres://u:secret@db:5432/relay"]))
        #expect(withEnv.server.port == 9100)
        #expect(withEnv.database == .postgres(url: "postgres://u:secret@db:5432/relay"))
        #expect(!withEnv.database.description.contains("secret"))
        let withFlags = try BackendConfiguration(
            ConfigurationSource.load(file: nil, environment: ["RELAY_CONFIG": file.path, "RELAY_PORT": "9100"], overrides: ["port": "9200"]))
        #expect(withFlags.server.port == 9200)
        #expect(withFlags.server.host == "0.0.0.0")
    }

    @Test("bad values fail with a message naming the key", arguments: [
        ("port", "http"), ("port", "70000"), ("database_url", "mysql://x"), ("worker", "sometimes"), ("blob_store", "ftp"),
        ("public_url", "not a url"), ("log_level", "loud"), ("max_body_bytes", "-1"),
    ])
    func invalid(key: String, value: String) {
        #expect {
            _ = try BackendConfiguration(ConfigurationSource(values: [key: value]))
        } throws: { error in
            (error as? ConfigurationError)?.description.contains(key) == true
        }
    }

    @Test("S3 needs its keys; the secret never appears in descriptions")
    func s3() throws {
        #expect(throws: ConfigurationError.self) { try BackendConfiguration(ConfigurationSource(values: ["blob_store": "s3"])) }
        let configuration = try BackendConfiguration(ConfigurationSource(values: [
            "blob_store": "s3", "s3_endpoint": "http://127.0.0.1:8333", "s3_bucket": "relay", "s3_access_key_id": "AK",
            "s3_secret_access_key": "TOPSECRET",
        ]))
        guard case .s3(let s3) = configuration.blobStore else { Issue.record("not s3"); return }
        #expect(s3.bucket == "relay")
        #expect(!"\(s3)".contains("TOPSECRET"))
        #expect(!String(reflecting: s3).contains("TOPSECRET"))
        #expect(s3.multipartThreshold == 64 << 20 && s3.multipartPartMiB == 16)

        let base = [
            "blob_store": "s3", "s3_endpoint": "http://127.0.0.1:8333", "s3_bucket": "relay", "s3_access_key_id": "AK",
            "s3_secret_access_key": "TOPSECRET",
        ]
        let tuned = try BackendConfiguration(ConfigurationSource(values: base.merging(
            ["s3_multipart_threshold_mib": "100", "s3_multipart_part_mib": "8"]) { $1 }))
        guard case .s3(let tunedS3) = tuned.blobStore else { Issue.record("not s3"); return }
        #expect(tunedS3.multipartThreshold == 100 << 20 && tunedS3.multipartPartMiB == 8)
        for (key, value) in [("s3_multipart_threshold_mib", "4"), ("s3_multipart_part_mib", "5121")] {
            #expect(throws: ConfigurationError.self, "\(key)=\(value) is refused (S3 parts are 5 MiB-5 GiB)") {
                try BackendConfiguration(ConfigurationSource(values: base.merging([key: value]) { $1 }))
            }
        }
    }

    @Test("a configuration file that is not a JSON object is refused")
    func badFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("relay-bad-\(UUID().uuidString).json")
        try Data("[1,2]".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(throws: ConfigurationError.self) { try ConfigurationSource.load(file: file.path, environment: [:]) }
        #expect(throws: ConfigurationError.self) { try ConfigurationSource.load(file: "/nonexistent/relay.json", environment: [:]) }
    }
}
