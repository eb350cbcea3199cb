import AsyncHTTPClient
import BackendCore
import Foundation
import NIOHTTP1
import RelayMedia
import Testing
import TestSupport

extension CaptureEndToEndTests {
    @Test("session → presign → PUT → upload_complete → processed with thumbnails, EXIF, QC → sorted → publish",
        arguments: CaptureEndToEndTests.stores)
    func fullFlow(store: String) async throws {
        if store == "s3", !Self.s3Available { return }
        try await Self.withWorld(store) { world in
            let session = try await Self.newSession(world)
            var uploaded: [(id: String, angle: Double, bytes: Data)] = []
            for (index, angle) in [30.0, 0, 15].enumerated() {
                let bytes = try TestPhotos.jpeg(width: 1600, height: 1200, seed: index)
                let (id, status) = try await Self.upload(world, session: session, bytes: bytes, angle: angle)
                #expect(status == 200, "PUT to the presigned URL")
                uploaded.append((id, angle, bytes))
            }
            #expect(try await Self.reportUploads(world, uploaded.map(\.id)) == 201)

            for image in uploaded {
                let detail = try await Self.settled(world, image.id)
                #expect(detail["status"] as? String == "processed", "\(detail["failure_reason"] ?? "")")
                #expect(detail["width"] as? Int == 1600)
                #expect(detail["height"] as? Int == 1200)
                let exif = try #require(detail["exif"] as? [String: Any])
                #expect(exif["iso"] as? Int == 200)
                #expect(exif["shutter"] as? String == "1/250")
                #expect(exif["aperture"] as? String == "f/1.8")
                #expect(exif["timestamp"] as? String == "2025-01-15T10:01:00")
                let qc = try #require(detail["qc"] as? [String: Any])
                let sharpness = try #require(qc["sharpness"] as? [String: Any])
                #expect((sharpness["score"] as? Double ?? 0) > 0)
                #expect(["pass", "warn", "fail"].contains(sharpness["status"] as? String ?? ""))
                #expect((qc["exposure"] as? [String: Any])?["status"] != nil)
                // Thumbnails: through their signed URLs, with the right long edge.
                let urls = try #require(detail["thumb_urls"] as? [String: String])
                for edge in [150, 600, 1200] {
                    let thumb = try await Self.call(.GET, try #require(urls[String(edge)]))
                    #expect(thumb.status == 200)
                    let size = try TestPhotos.jpegSize(thumb.body)
                    #expect(max(size.width, size.height) == edge)
                    #expect(size.width > size.height)
                }
                let original = try await Self.call(.GET, try #require(detail["original_url"] as? String))
                #expect(original.body == image.bytes)
            }

            let list = try Self.object(try await Self.call(.GET, world.base + "/v1/images?session_id=\(session)", token: world.operatorToken).body)
            let angles = (list["data"] as? [[String: Any]] ?? []).compactMap { $0["angle_deg"] as? Double }
            #expect(angles == [0, 15, 30])
            #expect(list["total"] as? Int == 3)
            #expect((list["data"] as? [[String: Any]] ?? []).allSatisfy { $0["thumb_urls"] == nil }, "URLs only when asked for")
            // `include=urls` (the web app's spin viewer): every row with working signed URLs.
            let withURLs = try Self.object(
                try await Self.call(.GET, world.base + "/v1/images?session_id=\(session)&include=urls", token: world.operatorToken).body)
            for row in withURLs["data"] as? [[String: Any]] ?? [] {
                let image = try #require(uploaded.first { $0.id == row["id"] as? String })
                let thumb = try await Self.call(.GET, try #require((row["thumb_urls"] as? [String: String])?["600"]))
                let thumbWidth = try TestPhotos.jpegSize(thumb.body).width
                #expect(thumb.status == 200 && thumbWidth == 600)
                #expect(try await Self.call(.GET, try #require(row["original_url"] as? String)).body == image.bytes)
            }
            #expect((withURLs["data"] as? [[String: Any]])?.count == 3)
            let badInclude = try await Self.call(.GET, world.base + "/v1/images?session_id=\(session)&include=everything", token: world.operatorToken)
            #expect(badInclude.status == 400)

            let first = uploaded[1].id
            let denied = try await Self.call(.POST, world.base + "/v1/images/\(first)/publish", token: world.operatorToken)
            #expect(denied.status == 403)
            let published = try await Self.call(.POST, world.base + "/v1/images/\(first)/publish", token: world.reviewerToken)
            #expect(published.status == 200)
            #expect(try Self.object(published.body)["status"] as? String == "published")
            // Re-reporting the upload changes nothing.
            #expect(try await Self.reportUploads(world, [first]) == 201)
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await Self.settled(world, first)["status"] as? String == "published")
        }
    }

    @Test("bad bytes: wrong SHA-256 refused by the store; truncated and non-image files fail with a reason",
        arguments: CaptureEndToEndTests.stores)
    func badUploads(store: String) async throws {
        if store == "s3", !Self.s3Available { return }
        try await Self.withWorld(store) { world in
            let session = try await Self.newSession(world)
            let photo = try TestPhotos.jpeg(width: 800, height: 600, seed: 9)

            // The URL is bound to one SHA-256: other bytes are refused and nothing is stored.
            let (mismatch, status) = try await Self.upload(world, session: session, bytes: Data("not the photo".utf8), sha: Self.sha256(photo))
            #expect(status == 400)
            #expect(try await Self.reportUploads(world, [mismatch]) == 409)
            let pending = try await world.services.capture.repository.image(id: UUID(uuidString: mismatch)!)
            #expect(pending?.status == .pending)
            #expect(try await world.services.blobStore.head(key: BlobKey(pending?.storageKey ?? "x") ?? BlobKey(segments: "x")) == nil)

            let (truncated, putTruncated) = try await Self.upload(world, session: session, bytes: photo.prefix(photo.count / 2))
            let (garbage, putGarbage) = try await Self.upload(world, session: session, bytes: Data(repeating: 0x41, count: 5000))
            #expect(putTruncated == 200 && putGarbage == 200)
            #expect(try await Self.reportUploads(world, [truncated, garbage]) == 201)
            let truncatedDetail = try await Self.settled(world, truncated)
            #expect(truncatedDetail["status"] as? String == "failed")
            #expect((truncatedDetail["failure_reason"] as? String)?.contains("truncated") == true)
            let garbageDetail = try await Self.settled(world, garbage)
            #expect(garbageDetail["status"] as? String == "failed")
            #expect((garbageDetail["failure_reason"] as? String)?.contains("not a usable") == true)
            // A failed image cannot be published; the server is still up.
            #expect(try await Self.call(.POST, world.base + "/v1/images/\(garbage)/publish", token: world.reviewerToken).status == 409)
            #expect(try await Self.call(.GET, world.base + "/v1/health").status == 200)
        }
    }

    @Test("a HEIC with EXIF orientation 6 gives portrait thumbnails")
    func heicOrientation() async throws {
        guard HEIFEncoder.isAvailable else {
            Issue.record("libheif on this machine has no HEVC encoder; install-deps.sh installs one")
            return
        }
        try await Self.withWorld("local") { world in
            let session = try await Self.newSession(world)
            let heic = try TestPhotos.heic(width: 640, height: 480, orientation: .right)
            let (id, status) = try await Self.upload(world, session: session, bytes: heic, contentType: "image/heic")
            #expect(status == 200)
            #expect(try await Self.reportUploads(world, [id]) == 201)
            let detail = try await Self.settled(world, id)
            #expect(detail["status"] as? String == "processed", "\(detail["failure_reason"] ?? "")")
            #expect(detail["width"] as? Int == 480)
            #expect(detail["height"] as? Int == 640)
            #expect((detail["exif"] as? [String: Any])?["orientation"] as? Int == 6)
            let urls = try #require(detail["thumb_urls"] as? [String: String])
            for edge in ["150", "600"] {
                let size = try TestPhotos.jpegSize(try await Self.call(.GET, try #require(urls[edge])).body)
                #expect(size.height > size.width, "portrait thumbnail \(edge)")
                #expect(max(size.width, size.height) == Int(edge))
            }
        }
    }
}
