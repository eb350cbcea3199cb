import BackendCore
import Foundation
import Testing

@Suite("Local blob URL signer")
struct LocalBlobURLSignerTests {
    let signer = LocalBlobURLSigner(secret: Data(repeating: 7, count: 32))
    let key = BlobKey("org/a/site/b/session/c/photo.jpg")!
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func query(_ grant: LocalBlobURLSigner.Grant) -> [String: String] {
        Dictionary(uniqueKeysWithValues: signer.queryItems(for: grant).map { ($0.name, $0.value ?? "") })
    }

    var grant: LocalBlobURLSigner.Grant {
        .init(method: "PUT", key: key, expires: now.addingTimeInterval(900), contentType: "image/jpeg", sha256: "ab12",
            uploadId: nil, partNumber: nil)
    }

    @Test("a signed URL verifies and yields its grant")
    func verifies() throws {
        let verified = try signer.verify(method: "PUT", key: key, query: query(grant), now: now)
        #expect(verified == grant)
    }

    @Test("every bound field is covered by the signature", arguments: [
        "X-Relay-Method", "X-Relay-Expires", "X-Relay-Content-Type", "X-Relay-Content-Sha256", "X-Relay-Signature",
    ])
    func tampering(field: String) {
        var altered = query(grant)
        altered[field] = field == "X-Relay-Expires" ? String(Int(now.timeIntervalSince1970) + 99_999) : "tampered"
        #expect(throws: AppError.self) { try signer.verify(method: "PUT", key: key, query: altered, now: now) }
    }

    @Test("another key, another method, expiry, another secret, no signature: all refused")
    func refusals() {
        let good = query(grant)
        #expect(throws: AppError.self) { try signer.verify(method: "PUT", key: BlobKey("org/a/other.jpg")!, query: good, now: now) }
        #expect(throws: AppError.self) { try signer.verify(method: "GET", key: key, query: good, now: now) }
        #expect(throws: AppError.self) { try signer.verify(method: "PUT", key: key, query: good, now: now.addingTimeInterval(901)) }
        let other = LocalBlobURLSigner(secret: Data(repeating: 8, count: 32))
        #expect(throws: AppError.self) { try other.verify(method: "PUT", key: key, query: good, now: now) }
        var unsigned = good
        unsigned["X-Relay-Signature"] = nil
        #expect(throws: AppError.self) { try signer.verify(method: "PUT", key: key, query: unsigned, now: now) }
        var added = good
        added["partNumber"] = "3"
        #expect(throws: AppError.self) { try signer.verify(method: "PUT", key: key, query: added, now: now) }
    }

    @Test("the encoded query reads back as its items: '+', spaces, '&', '=' and non-ASCII survive, and it verifies")
    func encodedQuery() throws {
        var odd = grant
        odd.contentType = "application/vnd.a+b; q=1&x=é"
        let text = signer.query(for: odd)
        #expect(!text.contains("+") && !text.contains(" ") && !text.contains("é"))
        var components = URLComponents()
        components.percentEncodedQuery = text
        let items = try #require(components.queryItems)
        #expect(items == signer.queryItems(for: odd))
        let parsed = Dictionary(uniqueKeysWithValues: items.map { ($0.name, $0.value ?? "") })
        #expect(try signer.verify(method: "PUT", key: key, query: parsed, now: now) == odd)
    }
}
