import BackendCore
import Testing

@Suite("Blob keys")
struct BlobKeyTests {
    @Test(arguments: ["org/1/site/2/session/3/abc.jpg", "a", "projects/p/20260203/originals/angle-001_v001.mp4"])
    func accepted(key: String) {
        #expect(BlobKey(key)?.rawValue == key)
    }

    @Test(arguments: ["", "/abs", "a//b", "a/../b", "..", ".", "a/./b", "trailing/", "sp ace", "a/b\\c", "ü", "a\u{0}b",
        "%2e%2e", String(repeating: "a", count: 1025)])
    func refused(key: String) {
        #expect(BlobKey(key) == nil)
    }
}
