import AgentCore
import Crypto
import Foundation
import Testing
import TestSupport

/// Deleting an uploaded original only while it holds the acknowledged bytes, on the real filesystem.
@Suite("Original removal")
struct OriginalRemovalTests {
    static func sha256(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    @Test("the acknowledged bytes are deleted; a missing file is gone; anything else at the path is kept")
    func disposals() throws {
        let folder = try TestEnvironment.temporaryDirectory("originals")
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let sha = Self.sha256(bytes)
        let size = Int64(bytes.count)

        let same = folder.appendingPathComponent("DSC_0001.jpg")
        try bytes.write(to: same)
        #expect(try OriginalRemoval.removeIfUnchanged(path: same.path, sha256: sha, size: size) == .deleted)
        #expect(!FileManager.default.fileExists(atPath: same.path))
        #expect(try OriginalRemoval.removeIfUnchanged(path: same.path, sha256: sha, size: size) == .gone, "asked again")
        #expect(try OriginalRemoval.removeIfUnchanged(path: folder.appendingPathComponent("none/x.jpg").path, sha256: sha, size: size) == .gone)

        // A reshoot saved under the same name: same size, other bytes.
        var other = bytes
        other[150_000] ^= 0xFF
        let reshot = folder.appendingPathComponent("DSC_0002.jpg")
        try other.write(to: reshot)
        #expect(try OriginalRemoval.removeIfUnchanged(path: reshot.path, sha256: sha, size: size) == .changed)
        #expect(try Data(contentsOf: reshot) == other)

        // Other size: not even hashed.
        let grown = folder.appendingPathComponent("DSC_0003.jpg")
        try (bytes + Data([1])).write(to: grown)
        #expect(try OriginalRemoval.removeIfUnchanged(path: grown.path, sha256: sha, size: size) == .changed)
        #expect(FileManager.default.fileExists(atPath: grown.path))

        // A link to the right bytes is not followed, and neither the link nor its target is deleted.
        let target = folder.appendingPathComponent("elsewhere.jpg")
        try bytes.write(to: target)
        let link = folder.appendingPathComponent("DSC_0004.jpg")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        #expect(try OriginalRemoval.removeIfUnchanged(path: link.path, sha256: sha, size: size) == .changed)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == target.path)
        #expect(try Data(contentsOf: target) == bytes)

        // A folder now at the path.
        let directory = folder.appendingPathComponent("DSC_0005.jpg")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        #expect(try OriginalRemoval.removeIfUnchanged(path: directory.path, sha256: sha, size: 4096) == .changed)
        #expect(FileManager.default.fileExists(atPath: directory.path))

        // An upper-case digest is the same digest.
        let upper = folder.appendingPathComponent("DSC_0006.jpg")
        try bytes.write(to: upper)
        #expect(try OriginalRemoval.removeIfUnchanged(path: upper.path, sha256: sha.uppercased(), size: size) == .deleted)
    }

    @Test("a file the agent may not delete is an error that names it, and the file stays", .enabled(if: geteuid() != 0))
    func permissionDenied() throws {
        let folder = try TestEnvironment.temporaryDirectory("originals-locked")
        defer {
            chmod(folder.path, 0o755)
            try? FileManager.default.removeItem(at: folder)
        }
        let bytes = Data("frame".utf8)
        let file = folder.appendingPathComponent("DSC_0001.jpg")
        try bytes.write(to: file)
        chmod(folder.path, 0o555)
        #expect { try OriginalRemoval.removeIfUnchanged(path: file.path, sha256: Self.sha256(bytes), size: Int64(bytes.count)) } throws: { error in
            "\(error)".contains("cannot delete \(file.path)")
        }
        #expect(FileManager.default.fileExists(atPath: file.path))
    }
}
