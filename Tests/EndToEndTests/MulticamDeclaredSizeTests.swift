import AsyncHTTPClient
import BackendCore
import Foundation
import NIOCore
import Testing
import TestSupport

/// `sizeBytes` at init-upload is what the upload may hold: each part URL accepts exactly its planned
/// length (a signed header on S3, a signed parameter on the local store), and `complete` refuses parts
/// of other lengths. Before, `sizeBytes: 1` got a URL that took 5 GiB and `complete` recorded whatever came.
@Suite("Multi-camera declared sizes are enforced", .serialized)
struct MulticamDeclaredSizeTests {
    static var stores: [String] { CaptureEndToEndTests.s3Available ? ["local", "s3"] : ["local"] }

    static func put(_ url: String, _ bytes: Data) async throws -> (status: Int, etag: String?) {
        var request = HTTPClientRequest(url: url)
        request.method = .PUT
        request.body = .bytes(ByteBuffer(bytes: bytes))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        _ = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), response.headers.first(name: "ETag"))
    }

    @Test("a part URL takes only its planned length; complete refuses parts of another length", arguments: stores)
    func declaredSize(store: String) async throws {
        try await TwoOrgServer.run(store, extra: ["multicam_min_part_mib": "5"]) { server in
            let client = MulticamClient(base: server.base, token: server.tokenA)
            let session = try await client.createSession()
            let opened = try await client.call(.POST, "/v2/sessions/\(session)/assets/init-upload", json: [
                "cameraLabel": "A", "filename": "CAM_A.mp4", "contentType": "video/mp4", "sizeBytes": 1000,
            ])
            #expect(opened.status == 200, "\(opened.object)")
            let asset = try #require(opened.object["assetId"] as? String)
            let uploadId = try #require(opened.object["uploadId"] as? String)
            let url = try #require((opened.object["parts"] as? [[String: Any]])?.first?["uploadUrl"] as? String)

            // 2 MiB to a URL granted for 1,000 bytes: refused, nothing held.
            let tooLong = try await Self.put(url, Data(repeating: 7, count: 2 << 20))
            #expect((400..<500).contains(tooLong.status), "a 2 MiB body was accepted for a 1,000-byte upload (\(tooLong.status))")
            let short = try await Self.put(url, Data(repeating: 7, count: 999))
            #expect((400..<500).contains(short.status), "999 bytes accepted for a 1,000-byte part (\(short.status))")
            let listed = try await client.call(.GET, "/v2/sessions/\(session)/assets/\(asset)/parts")
            #expect((listed.object["parts"] as? [[String: Any]])?.isEmpty == true, "\(listed.object)")

            // A part of another length reaching the store by other means (here: a URL without a length,
            // signed by the server's own store) is refused at complete, and nothing is ingested.
            let assetId = try #require(UUID(uuidString: asset))
            let record = try #require(try await server.services.multicam.repository.asset(id: assetId))
            let key = try #require(BlobKey(record.storageKey))
            let unbound = try await server.services.blobStore.presignUploadPart(key: key, uploadId: uploadId, partNumber: 1, expiresIn: .seconds(300))
            let smuggled = try await Self.put(unbound.url, Data(repeating: 9, count: 4096))
            #expect(smuggled.status == 200)
            let refused = try await client.complete(session: session, asset: asset, uploadId: uploadId, parts: [["partNumber": 1, "etag": smuggled.etag ?? ""]])
            #expect(refused.status == 400 && (refused.object["error"] as? [String: Any])?["code"] as? String == "UPLOAD_FAILED", "\(refused.object)")
            #expect(try await server.services.multicam.repository.asset(id: assetId)?.status == .uploading)
            #expect(try await server.services.blobStore.head(key: key) == nil)

            // The declared length goes through, and the asset is exactly that size.
            let exact = try await Self.put(url, Data(repeating: 7, count: 1000))
            #expect(exact.status == 200)
            let done = try await client.complete(session: session, asset: asset, uploadId: uploadId, parts: [["partNumber": 1, "etag": exact.etag ?? ""]])
            #expect(done.status == 200, "\(done.object)")
            #expect(try await server.services.blobStore.head(key: key)?.size == 1000)
        }
    }
}
