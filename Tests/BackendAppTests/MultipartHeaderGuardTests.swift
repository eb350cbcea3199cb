@testable import BackendApp
import Foundation
import Testing

/// The guard that keeps bytes MultipartKit 4.7.1 traps on away from its header-name parser, and lets
/// everything else through: UTF-8 in header values (file names), any bytes in bodies.
@Suite("Multipart header guard")
struct MultipartHeaderGuardTests {
    static func accepts(_ text: [UInt8], boundary: String = "XyZ", slice: Int = 3) -> Bool {
        var guarding = MultipartHeaderGuard(boundary: boundary)
        var start = 0
        while start < text.count {
            let end = min(text.count, start + slice)
            if !Array(text[start..<end]).withUnsafeBytes({ guarding.accept($0) }) { return false }
            start = end
        }
        return true
    }

    @Test("a non-ASCII byte in a header name is refused, first part or later, whatever the slicing", arguments: [1, 3, 4096])
    func refused(slice: Int) {
        #expect(!Self.accepts(Array("--XyZ\r\n".utf8) + [0xC3, 0x9A] + Array("--XyZ--\r\n".utf8), slice: slice))
        let later = Array("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue\r\n--XyZ\r\nX".utf8) + [0xFF] + Array(": v\r\n\r\n".utf8)
        #expect(!Self.accepts(later, slice: slice))
        #expect(!Self.accepts(Array("junk--XyZ\r\n".utf8) + [0x80] + Array(": v\r\n".utf8), slice: slice))
    }

    @Test("UTF-8 in header values and any bytes in bodies pass", arguments: [1, 3, 4096])
    func accepted(slice: Int) {
        var body = Array("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"Übung – 1.mp4\"\r\nContent-Type: video/mp4\r\n\r\n".utf8)
        body += (0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 131) } + [0x0D, 0x0A, 0x2D, 0x2D, 0xFF, 0x0D, 0xC3]
        body += Array("\r\n--XyZ--\r\n".utf8) + [0xFF, 0xFE]
        #expect(Self.accepts(body, slice: slice))
    }
}
