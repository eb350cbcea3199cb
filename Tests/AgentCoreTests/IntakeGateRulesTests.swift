import AgentCore
import Foundation
import Glibc
import Testing
import TestFixtures

/// The two other completeness rules of intake: no local process has the file open for writing
/// (`OpenWriters`, read from this test process's own `/proc` entries), and files whose structure cannot
/// vouch for them wait until unchanged across scans `seconds` apart (`StableSizeRule`).
@Suite("Intake: open writers and the size-stable rule")
struct IntakeGateRulesTests {
    @Test("a file this process holds open for writing is reported; open for reading or closed, it is not")
    func openWriters() throws {
        let folder = try TestEnvironment.temporaryDirectory("open-writers")
        defer { try? FileManager.default.removeItem(at: folder) }
        let written = folder.appendingPathComponent("IMG_0001.jpg"), read = folder.appendingPathComponent("IMG_0002.jpg")
        let appended = folder.appendingPathComponent("A_wide.mkv"), idle = folder.appendingPathComponent("IMG_0003.jpg")
        for file in [written, read, appended, idle] { try Data([1, 2, 3]).write(to: file) }
        let writer = try FileHandle(forWritingTo: written)
        let reader = try FileHandle(forReadingFrom: read)
        let appender = Glibc.open(appended.path, O_WRONLY | O_APPEND | O_CLOEXEC)
        try #require(appender >= 0)
        // Found through a path with a symlink in it too (the kernel reports the resolved path).
        let link = folder.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: folder)
        let viaLink = link.appendingPathComponent("IMG_0001.jpg")

        let open = OpenWriters.among([written, read, appended, idle, viaLink])
        #expect(open == [written, appended, viaLink])
        try writer.close()
        close(appender)
        #expect(OpenWriters.among([written, read, appended, idle]).isEmpty)
        try reader.close()
    }

    @Test(
        "fdinfo flags: write-only and read-write are writing",
        arguments: [("pos:\t0\nflags:\t0100001\nmnt_id:\t1\n", true), ("flags:\t02\n", true), ("flags:\t0100000\n", false), ("pos:\t0\n", false)] as [(String, Bool)])
    func fdinfo(text: String, writing: Bool) {
        #expect(OpenWriters.isWriting(fdinfo: text) == writing)
    }

    @Test("unchanged across looks `seconds` apart by the monotonic clock; any change starts the wait again")
    func stableSize() {
        var rule = StableSizeRule(seconds: 30)
        func look(_ size: Int64, _ mtime: Double, at now: Double) -> Bool {
            rule.isStable(path: "/a", size: size, mtime: mtime, now: now)
        }
        #expect(!look(10, 1, at: 100), "first look")
        #expect(rule.nextDue == 130)
        #expect(!look(10, 1, at: 105), "a writer's 5 s pause is not enough")
        #expect(!look(20, 1, at: 129), "it grew: the wait starts again")
        #expect(!look(20, 2, at: 140), "rewritten in place (same size, new mtime)")
        #expect(!look(20, 2, at: 169.9))
        #expect(look(20, 2, at: 170))
        rule.keep(only: [])
        #expect(rule.nextDue == nil)
        #expect(!look(20, 2, at: 171), "forgotten: watched from the start again")
        var none = StableSizeRule(seconds: 0)
        let immediately = none.isStable(path: "/b", size: 1, mtime: 1, now: 0)
        #expect(immediately)
    }
}
