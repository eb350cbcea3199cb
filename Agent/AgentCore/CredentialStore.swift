import Foundation

/// Reads and writes `credentials.json` in the agent's state directory: created 0600 (the directory 0700),
/// written to a temp file, synced, renamed, and the directory synced, so a power cut leaves the old or
/// the new file, never half — and once `save` returns, the new one (the rename itself is in the
/// directory, which the file's own sync does not cover).
package struct CredentialStore: Sendable {
    package let stateDirectory: URL

    package init(stateDirectory: URL) {
        self.stateDirectory = stateDirectory
    }

    package var file: URL { stateDirectory.appendingPathComponent("credentials.json") }

    package func load() throws -> DeviceCredentials? {
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(DeviceCredentials.self, from: data)
        } catch {
            throw CredentialsError.unreadable(file: file, error)
        }
    }

    package func save(_ credentials: DeviceCredentials) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: stateDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let temp = stateDirectory.appendingPathComponent(".credentials.json.\(UUID().uuidString)")
        guard manager.createFile(atPath: temp.path, contents: try encoder.encode(credentials), attributes: [.posixPermissions: 0o600]) else {
            throw CredentialsError.notWritten(temp: temp)
        }
        let handle = try FileHandle(forWritingTo: temp)
        try handle.synchronize()
        try handle.close()
        if rename(temp.path, file.path) != 0 {
            let error = SystemErrorNumber.current
            try? manager.removeItem(at: temp)
            throw CredentialsError.notReplaced(file: file, error)
        }
        let directory = open(stateDirectory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else { throw CredentialsError.notReplaced(file: file, .current) }
        defer { close(directory) }
        guard fsync(directory) == 0 else { throw CredentialsError.notReplaced(file: file, .current) }
    }
}
