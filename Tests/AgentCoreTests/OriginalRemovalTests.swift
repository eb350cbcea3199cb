import AgentCore
import Crypto
import Foundation
import Testing
import TestFixtures

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

    static func md5(_ data: Data) -> String { Insecure.MD5.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    /// Parts of `partSize` over `data`, with ETags as `etag` makes them.
    static func parts(_ data: Data, partSize: Int, etag: (Data) -> String) -> [StoredPart] {
        stride(from: 0, to: data.count, by: partSize).map { offset in
            let slice = data[offset..<min(offset + partSize, data.count)]
            return StoredPart(offset: Int64(offset), length: Int64(slice.count), etag: etag(Data(slice)))
        }
    }

    @Test("a recording goes only when every part the store holds has the file's bytes: S3 MD5 and local SHA-256 ETags")
    func recordingParts() throws {
        let folder = try TestEnvironment.temporaryDirectory("originals-parts")
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = Data((0..<2_500_000).map { UInt8(truncatingIfNeeded: ($0 &* 7) ^ ($0 >> 9)) })
        let sha = Self.sha256(bytes), size = Int64(bytes.count)
        func fresh() throws -> String {
            let file = folder.appendingPathComponent("A_wide.mp4")
            try bytes.write(to: file)
            return file.path
        }
        let s3 = Self.parts(bytes, partSize: 1 << 20, etag: { "\"" + Self.md5($0) + "\"" })
        #expect(s3.count == 3 && s3[2].length == 2_500_000 - 2 * (1 << 20))
        #expect(try OriginalRemoval.removeIfUnchanged(path: try fresh(), sha256: sha, size: size, parts: s3) == .deleted)
        let local = Self.parts(bytes, partSize: 1 << 20, etag: Self.sha256)
        #expect(try OriginalRemoval.removeIfUnchanged(path: try fresh(), sha256: sha, size: size, parts: local) == .deleted)

        // The store holds another part 2 (a stale part from other bytes): kept.
        var stale = s3
        stale[1].etag = Self.md5(Data(repeating: 1, count: 1 << 20))
        var path = try fresh()
        #expect(try OriginalRemoval.removeIfUnchanged(path: path, sha256: sha, size: size, parts: stale) == .unverified)
        #expect(FileManager.default.fileExists(atPath: path))
        // An ETag that is no digest (SSE-KMS, composite) cannot vouch for anything.
        var opaque = s3
        opaque[0].etag = "\"\(Self.md5(Data()))-3\""
        #expect(try OriginalRemoval.removeIfUnchanged(path: path, sha256: sha, size: size, parts: opaque) == .unverified)
        // Parts that leave a gap or stop short.
        #expect(try OriginalRemoval.removeIfUnchanged(path: path, sha256: sha, size: size, parts: [s3[0], s3[2]]) == .unverified)
        #expect(try OriginalRemoval.removeIfUnchanged(path: path, sha256: sha, size: size, parts: Array(s3.prefix(2))) == .unverified)
        #expect(FileManager.default.fileExists(atPath: path))
        // Cancelled mid-hash: nothing deleted.
        #expect(throws: CancellationError.self) { try OriginalRemoval.removeIfUnchanged(path: path, sha256: sha, size: size, parts: s3, isCancelled: { true }) }
        #expect(FileManager.default.fileExists(atPath: path))
        path = try fresh()
        #expect(try OriginalRemoval.removeIfUnchanged(path: path, sha256: sha, size: size, parts: s3) == .deleted)
    }

    @Test("part ETags: 32 hex digits are an MD5, 64 a SHA-256, anything else unknown; a byte range is checked against it")
    func partDigest() throws {
        let folder = try TestEnvironment.temporaryDirectory("originals-digest")
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = Data((0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 13) })
        let file = folder.appendingPathComponent("f")
        try bytes.write(to: file)
        let range = bytes[40_000..<90_000]
        let md5 = try #require(PartDigest(etag: "\"" + Self.md5(Data(range)).uppercased() + "\""))
        #expect(md5 == .md5(Self.md5(Data(range))))
        #expect(try md5.matches(file: file, offset: 40_000, length: 50_000))
        #expect(try !md5.matches(file: file, offset: 40_001, length: 50_000))
        #expect(try !md5.matches(file: file, offset: 90_000, length: 50_000), "past the end")
        let sha = try #require(PartDigest(etag: Self.sha256(Data(range))))
        #expect(try sha.matches(file: file, offset: 40_000, length: 50_000))
        for etag in ["", "\"abc\"", "0123456789abcdef0123456789abcdef-2", String(repeating: "g", count: 32), String(repeating: "a", count: 40)] {
            #expect(PartDigest(etag: etag) == nil, "\(etag)")
        }
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
            "\(error)".contains("cannot delete \(file.path): \(folder.path) is not writable")
        }
        #expect(FileManager.default.fileExists(atPath: file.path))
    }
}
