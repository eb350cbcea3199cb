import AsyncHTTPClient
import Crypto
import Foundation
import Testing
import TestSupport

/// A morning and an evening service of one project on one day: two sessions with the same `projectId`
/// and date, cameras A and B in each. Every original must download its own bytes afterwards — before
/// storage keys carried the asset's id, the evening upload silently replaced the morning's objects.
@Suite("Multi-camera storage keys, two sessions of one project and day", .serialized)
struct MulticamKeyIsolationTests {
    static var stores: [String] { CaptureEndToEndTests.s3Available ? ["local", "s3"] : ["local"] }

    @Test("each original downloads its own bytes", arguments: stores)
    func twoServicesOneDay(store: String) async throws {
        let folder = try TestEnvironment.temporaryDirectory("relay-keys")
        defer { try? FileManager.default.removeItem(at: folder) }
        try await TwoOrgServer.run(store, extra: ["multicam_min_part_mib": "5"]) { server in
            let client = MulticamClient(base: server.base, token: server.tokenA)
            var uploaded: [(label: String, digest: String, url: String, key: String)] = []
            for service in ["Morning service", "Evening service"] {
                let session = try await client.createSession(title: service)
                for camera in ["A", "B"] {
                    // Same camera, file name and size in both sessions; different bytes.
                    let file = folder.appendingPathComponent("CAM_\(camera)_001.mp4")
                    let bytes = Data((0..<(1 << 20)).map { _ in UInt8.random(in: 0...255) })
                    try bytes.write(to: file)
                    let upload = try await client.uploadParts(session: session, camera: camera, file: file)
                    let done = try await client.complete(session: session, asset: upload.asset, uploadId: upload.uploadId, parts: upload.parts)
                    #expect(done.status == 200, "\(done.object)")
                    let url = try #require(done.object["originalUrl"] as? String)
                    let assetId = try #require(UUID(uuidString: upload.asset))
                    let asset = try #require(try await server.services.multicam.repository.asset(id: assetId))
                    uploaded.append(("\(service) \(camera)", Self.hex(SHA256.hash(data: bytes)), url, asset.storageKey))
                }
            }
            #expect(Set(uploaded.map(\.key)).count == 4, "\(uploaded.map(\.key))")
            for original in uploaded {
                let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: original.url), timeout: .seconds(30))
                #expect(response.status == .ok)
                let body = try await response.body.collect(upTo: 4 << 20)
                #expect(Self.hex(SHA256.hash(data: Data(body.readableBytesView))) == original.digest, "\(original.label): another upload's bytes")
            }
        }
    }

    static func hex(_ digest: SHA256.Digest) -> String { digest.map { String(format: "%02x", $0) }.joined() }
}
