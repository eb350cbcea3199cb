import BackendCore
import Testing

/// `Range` header parsing against an object's size (RFC 9110 §14.1.2).
@Suite("Byte ranges")
struct ByteRangeTests {
    @Test("ranges resolve, clamp, or are ignored or unsatisfiable", arguments: [
        ("bytes=0-99", ByteRange.Request.partial(.init(start: 0, end: 99))),
        ("bytes=100-", .partial(.init(start: 100, end: 999))),
        ("bytes=-100", .partial(.init(start: 900, end: 999))),
        ("bytes=-5000", .partial(.init(start: 0, end: 999))),
        ("bytes=900-5000", .partial(.init(start: 900, end: 999))),
        ("bytes=999-999", .partial(.init(start: 999, end: 999))),
        ("BYTES = 1-2", .whole),
        ("bytes=1000-", .unsatisfiable),
        ("bytes=5000-6000", .unsatisfiable),
        ("bytes=-0", .unsatisfiable),
        ("bytes=5-1", .whole),
        ("bytes=0-1,5-6", .whole),
        ("items=0-1", .whole),
        ("bytes=a-b", .whole),
        ("bytes=-", .whole),
        ("bytes=+1-2", .whole),
    ])
    func parse(header: String, expected: ByteRange.Request) {
        #expect(ByteRange.parse(header, size: 1000) == expected, "\(header)")
    }

    @Test("no header is the whole object; Content-Range is exact")
    func basics() {
        #expect(ByteRange.parse(nil, size: 10) == .whole)
        #expect(ByteRange(start: 5, end: 9).contentRange(size: 10) == "bytes 5-9/10")
        #expect(ByteRange(start: 5, end: 9).length == 5)
    }
}
