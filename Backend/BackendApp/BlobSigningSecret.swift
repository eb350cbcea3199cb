import BackendCore
import Foundation

/// The HMAC key of local-store URLs: `blob_signing_key` (base64, ≥ 32 bytes) from configuration, or one
/// generated at first start and kept in `{data_dir}/secrets/blob-signing.key` (mode 0600) so URLs survive
/// restarts. Several processes sharing a data dir share the file; across machines configure the key.
enum BlobSigningSecret {
    static func load(configured: String?, dataDir: String) throws -> Data {
        if let configured {
            guard let data = Data(base64Encoded: configured), data.count >= 32 else {
                throw ConfigurationError("blob_signing_key must be base64 of at least 32 bytes")
            }
            return data
        }
        let folder = URL(fileURLWithPath: dataDir).appendingPathComponent("secrets")
        let file = folder.appendingPathComponent("blob-signing.key")
        if let existing = FileManager.default.contents(atPath: file.path), existing.count >= 32 {
            return existing
        }
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let secret = Data((0..<32).map { _ in UInt8.random(in: .min ... .max) })
        guard FileManager.default.createFile(atPath: file.path, contents: secret, attributes: [.posixPermissions: 0o600])
        else { throw ConfigurationError("cannot write \(file.path)") }
        return secret
    }
}
