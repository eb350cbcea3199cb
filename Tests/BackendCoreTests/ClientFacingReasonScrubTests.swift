import BackendCore
import Foundation
import RelayIO
import Testing

/// What `ClientFacingReason` lets through: known errors in their own words without paths, anything else
/// as one generic sentence.
@Suite("Client-facing reason text")
struct ClientFacingReasonScrubTests {
    static let scrubbed: [(String, String)] = [
        ("/data/work/video-1-process/original: Invalid data found", "original: Invalid data found"),
        ("Error opening output file /tmp/relay/work/asset-2/out/proxy.mp4.", "Error opening output file proxy.mp4."),
        ("Unsafe file name 'file:/srv/secret/clip.ts'", "Unsafe file name 'clip.ts'"),
        ("[h264 @ 0x55d0c3a1b2c0] error while decoding MB 3 4", "h264: error while decoding MB 3 4"),
        ("S3 get failed: https://s3.internal:8333/bucket/key?X-Amz-Signature=abc", "S3 get failed: …"),
        ("a 1/2 scale decode", "a 1/2 scale decode"),
        ("line\u{0}with\u{7}controls", "line with controls"),
    ]

    @Test("scrub: paths cut to their last component, URLs and addresses gone, numbers kept", arguments: scrubbed.indices)
    func scrub(index: Int) {
        let (raw, expected) = Self.scrubbed[index]
        #expect(ClientFacingReason.scrub(raw) == expected)
    }

    @Test("scrub bounds the length")
    func length() {
        #expect(ClientFacingReason.scrub(String(repeating: "x", count: 5000)).count == 300)
    }

    @Test("known errors give their own words; anything else is the generic sentence")
    func kinds() {
        #expect(ClientFacingReason(MediaRefusal(reason: "too long")).text == "too long")
        #expect(ClientFacingReason(BlobStoreError(.unavailable, "blob folder /srv/blobs is not writable")).text == "the storage service is not available")
        #expect(ClientFacingReason(MediaToolError.failed(tool: "ffmpeg", status: 1, stderr: "x\n/w/work/a/original: Invalid data")).text
            == "ffmpeg could not process the file: original: Invalid data")
        #expect(ClientFacingReason(MediaToolError.timedOut(tool: "ffmpeg", seconds: 310)).text.contains("310 s"))
        #expect(ClientFacingReason(MediaToolError.launchFailed(tool: "ffprobe", reason: "/opt/x/ffprobe not found")).text == "ffprobe is not available on the server")
        #expect(ClientFacingReason(CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: "/data/work/x"])).text == ClientFacingReason.internalFailure)
        #expect(ClientFacingReason(PermanentJobFailure("video 1 no longer exists")).text == ClientFacingReason.internalFailure)
    }
}
