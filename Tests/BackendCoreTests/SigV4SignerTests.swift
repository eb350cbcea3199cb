import BackendCore
import Foundation
import Testing

/// SigV4 vectors. Where each expected signature comes from:
///
/// - "aws-doc-get": the presigned `GET /test.txt` example of the AWS S3 documentation
///   ("Authenticating Requests: Using Query Parameters", examplebucket, AKIAIOSFODNN7EXAMPLE,
///   20130524T000000Z, 86400 s).
/// - every other vector: computed once with botocore 1.43.11 (`botocore.auth.S3SigV4QueryAuth` and
///   `S3SigV4Auth` with `botocore.auth.get_current_datetime` patched to 2024-03-09T17:45:12Z), then
///   hard-coded here. Vectors whose name ends in "-unsigned-payload" used a botocore subclass that puts
///   `UNSIGNED-PAYLOAD` on the payload line even though `x-amz-content-sha256` is a signed header:
///   that is what SeaweedFS verifies (it refused botocore's default, the header value, with 403).
struct SigV4SignerTests {
    /// 2024-03-09T17:45:12Z, the instant of the botocore vectors.
    static let fixedDate = Date(timeIntervalSince1970: 1_710_006_312)
    static let relayAccess = "relaytestaccess"
    static let relaySecret = "relaytestsecret1234567890"
    /// SHA-256 of "relay test body\n".
    static let bodySHA256 = "a6da81c6c7cbdf452356b19bc1b2a782428d2935da17e71eb2be2c37b5ad31f4"

    /// One presigned-URL vector.
    struct PresignVector: Sendable, CustomTestStringConvertible {
        var name: String
        var accessKeyId = SigV4SignerTests.relayAccess
        var secretAccessKey = SigV4SignerTests.relaySecret
        var region = "us-east-1"
        var method: String
        var scheme = "http"
        var host = "127.0.0.1:8333"
        var path: String
        var query: [String: String] = [:]
        var headers: [String: String] = [:]
        var expires: Int
        var date = SigV4SignerTests.fixedDate
        var payloadHash = SigV4Signer.unsignedPayload
        var signature: String
        /// botocore's full URL, when its query order equals ours (no operation query items).
        var url: String?

        var testDescription: String { name }
    }

    static let presignVectors: [PresignVector] = [
        PresignVector(
            name: "aws-doc-get", accessKeyId: "AKIAIOSFODNN7EXAMPLE",
            secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", method: "GET", scheme: "https",
            host: "examplebucket.s3.amazonaws.com", path: "/test.txt", expires: 86400,
            date: Date(timeIntervalSince1970: 1_369_353_600),
            signature: "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
            url: "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
        ),
        PresignVector(
            name: "botocore-get-nested-key", method: "GET",
            path: "/relay-blobs/org/o-1/site/s_2/session/AB.c-d_e~f/img.v1.jpg", expires: 900,
            signature: "acf012a1d269e47bf4835e470df4e043c027ec6b0ccaf9c9159b5a577f67c59a",
            url: "http://127.0.0.1:8333/relay-blobs/org/o-1/site/s_2/session/AB.c-d_e~f/img.v1.jpg"
                + "?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=relaytestaccess%2F20240309%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20240309T174512Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=acf012a1d269e47bf4835e470df4e043c027ec6b0ccaf9c9159b5a577f67c59a"
        ),
        // botocore's default: the signed x-amz-content-sha256 value is the payload line.
        PresignVector(
            name: "botocore-put-sha256-header-as-payload", region: "eu-west-3", method: "PUT", scheme: "https",
            host: "s3.example.com", path: "/relay-blobs/projects/p-9/20240309/originals/angle-1_v2.mp4",
            headers: ["Content-Type": "image/jpeg", "X-Amz-Content-SHA256": bodySHA256], expires: 3600,
            payloadHash: bodySHA256,
            signature: "9bcaf362b9c52c8cbf1463edf55e60f931dca4747fa01d3ad1b3b01aed3c5ca9"
        ),
        PresignVector(
            name: "botocore-put-sha256-header-unsigned-payload", region: "eu-west-3", method: "PUT",
            scheme: "https", host: "s3.example.com",
            path: "/relay-blobs/projects/p-9/20240309/originals/angle-1_v2.mp4",
            headers: ["Content-Type": "image/jpeg", "X-Amz-Content-SHA256": bodySHA256], expires: 3600,
            signature: "7be84d25eadae351885a47a93c773077c8f58324da96cd7dfdcf394c322baa2f",
            url: "https://s3.example.com/relay-blobs/projects/p-9/20240309/originals/angle-1_v2.mp4"
                + "?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=relaytestaccess%2F20240309%2Feu-west-3%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20240309T174512Z&X-Amz-Expires=3600"
                + "&X-Amz-SignedHeaders=content-type%3Bhost%3Bx-amz-content-sha256"
                + "&X-Amz-Signature=7be84d25eadae351885a47a93c773077c8f58324da96cd7dfdcf394c322baa2f"
        ),
        // What S3BlobStore.presignPut signs when given a SHA-256 (checksum header = base64 digest).
        PresignVector(
            name: "botocore-put-checksum-unsigned-payload", method: "PUT", path: "/relay-blobs/org/o-1/img.jpg",
            headers: [
                "content-type": "image/jpeg", "x-amz-content-sha256": bodySHA256,
                "x-amz-checksum-sha256": "ptqBxsfL30UjVrGbwbKngkKNKTXaF+cesr4sN7WtMfQ=",
            ],
            expires: 300,
            signature: "710232b2bae881cbc1a7d1301317c27ced1bbcd5d55f68b087d05e70a9634ba2"
        ),
        // botocore signed the URL `...?partNumber=7&uploadId=2~abc_DEF%2Bx%3D` (operation items first).
        PresignVector(
            name: "botocore-upload-part", method: "PUT", path: "/relay-blobs/a/b.bin",
            query: ["partNumber": "7", "uploadId": "2~abc_DEF+x="], expires: 600,
            signature: "b06cb4db430686c12998b3f889d397d19dc1aa7c393d27d3fad80d4953769247"
        ),
    ]

    @Test(arguments: SigV4SignerTests.presignVectors)
    func presignMatchesVector(_ vector: PresignVector) {
        let signer = SigV4Signer(
            accessKeyId: vector.accessKeyId, secretAccessKey: vector.secretAccessKey, region: vector.region
        )
        let presigned = signer.presign(
            method: vector.method, scheme: vector.scheme, host: vector.host, path: vector.path,
            query: vector.query, headers: vector.headers, expires: vector.expires, date: vector.date,
            payloadHash: vector.payloadHash
        )
        #expect(presigned.signature == vector.signature)
        #expect(presigned.url.hasSuffix("&X-Amz-Signature=\(vector.signature)"))
        if let url = vector.url {
            #expect(presigned.url == url)
        }
        for (name, value) in vector.query {
            #expect(presigned.url.contains("\(SigV4Signer.uriEncode(name))=\(SigV4Signer.uriEncode(value))"))
        }
        #expect(presigned.headers.count == vector.headers.count)
        #expect(presigned.headers["host"] == nil)
    }

    /// One `Authorization`-header vector (botocore `S3SigV4Auth`, 2024-03-09T17:45:12Z, us-east-1).
    struct HeaderVector: Sendable, CustomTestStringConvertible {
        var name: String
        var method: String
        var path: String
        var query: [String: String] = [:]
        var headers: [String: String] = [:]
        var payloadHash: String
        var signedHeaders: String
        var signature: String

        var testDescription: String { name }
    }

    static let headerVectors: [HeaderVector] = [
        // Body `{"hello":"world"}`.
        HeaderVector(
            name: "put-json", method: "PUT", path: "/relay-blobs/thumbs/x_1.jpg",
            headers: ["Content-Type": "application/json"],
            payloadHash: "93a23971a914e5eacbf0a8d25154cda309c3c1c72fbb9914d47c60f3cb681588",
            signedHeaders: "content-type;host;x-amz-content-sha256;x-amz-date",
            signature: "6788f643bb8ac9672c42a88ba9c242b9ad0021b67b62800f39c49701e6423617"
        ),
        HeaderVector(
            name: "get-empty-body", method: "GET", path: "/relay-blobs/thumbs/x_1.jpg",
            payloadHash: SigV4Signer.emptyPayloadHash,
            signedHeaders: "host;x-amz-content-sha256;x-amz-date",
            signature: "b52a2a9cc0364f8fbb53242356b051eff0001e1a6465b500847633b96a149a6d"
        ),
        // botocore with `payload_signing_enabled=False`, as for a streamed file upload.
        HeaderVector(
            name: "put-streamed-unsigned", method: "PUT", path: "/relay-blobs/big/file.mp4",
            headers: ["Content-Type": "video/mp4"], payloadHash: SigV4Signer.unsignedPayload,
            signedHeaders: "content-type;host;x-amz-content-sha256;x-amz-date",
            signature: "b878b26cdfcd32f2e1a34b0a58d4b5fdf4c675c0e317447c492bd09cd9c999fd"
        ),
        // botocore signed `...?uploads`, whose canonical query is `uploads=`.
        HeaderVector(
            name: "post-create-multipart", method: "POST", path: "/relay-blobs/a/b.bin", query: ["uploads": ""],
            headers: ["Content-Type": "video/mp4"], payloadHash: SigV4Signer.emptyPayloadHash,
            signedHeaders: "content-type;host;x-amz-content-sha256;x-amz-date",
            signature: "766eb0d2d18f03818c33aba136e8daca9593e61ceb5f8eb0dcaae98387fdbfbd"
        ),
    ]

    @Test(arguments: SigV4SignerTests.headerVectors)
    func headerSigningMatchesVector(_ vector: HeaderVector) {
        let signer = SigV4Signer(accessKeyId: Self.relayAccess, secretAccessKey: Self.relaySecret, region: "us-east-1")
        let headers = signer.signedHeaders(
            method: vector.method, host: "127.0.0.1:8333", path: vector.path, query: vector.query,
            headers: vector.headers, payloadHash: vector.payloadHash, date: Self.fixedDate
        )
        #expect(headers["x-amz-date"] == "20240309T174512Z")
        #expect(headers["x-amz-content-sha256"] == vector.payloadHash)
        #expect(headers["host"] == "127.0.0.1:8333")
        #expect(
            headers["authorization"]
                == "AWS4-HMAC-SHA256 Credential=relaytestaccess/20240309/us-east-1/s3/aws4_request, "
                + "SignedHeaders=\(vector.signedHeaders), Signature=\(vector.signature)"
        )
    }

    @Test(arguments: [
        ("abc-_.~XYZ019", false, "abc-_.~XYZ019"),
        ("a b+c=d&e/f", false, "a%20b%2Bc%3Dd%26e%2Ff"),
        ("a b+c=d&e/f", true, "a%20b%2Bc%3Dd%26e/f"),
        ("é*", false, "%C3%A9%2A"),
    ])
    func uriEncoding(input: String, keepingSlash: Bool, expected: String) {
        #expect(SigV4Signer.uriEncode(input, keepingSlash: keepingSlash) == expected)
    }

    @Test func canonicalQuerySortsByEncodedKeyThenValue() {
        let query = SigV4Signer.canonicalQuery(["uploadId": "x+y", "X-Amz-Date": "1", "partNumber": "2", "a": ""])
        #expect(query == "X-Amz-Date=1&a=&partNumber=2&uploadId=x%2By")
        #expect(SigV4Signer.encodePath("") == "/")
    }

    @Test func amzDateIsUTCWholeSeconds() {
        #expect(SigV4Signer.amzDate(Date(timeIntervalSince1970: 1_710_006_312.999)) == "20240309T174512Z")
        #expect(SigV4Signer.amzDate(Date(timeIntervalSince1970: 0)) == "19700101T000000Z")
    }

    @Test func sha256HexOfEmptyInput() {
        #expect(SigV4Signer.sha256Hex(Data()) == SigV4Signer.emptyPayloadHash)
        #expect(SigV4Signer.sha256Hex(Data("relay test body\n".utf8)) == Self.bodySHA256)
    }

    @Test func secretsAreNeverPrinted() {
        let signer = SigV4Signer(accessKeyId: "AKID", secretAccessKey: "super-secret-value", region: "us-east-1")
        #expect(!String(describing: signer).contains("super-secret-value"))
        let configuration = S3Configuration(
            endpoint: URL(string: "http://127.0.0.1:8333")!, bucket: "b", accessKeyId: "AKID",
            secretAccessKey: "super-secret-value"
        )
        #expect(!String(describing: configuration).contains("super-secret-value"))
        #expect(!String(reflecting: configuration).contains("super-secret-value"))
        var dumped = ""
        dump(configuration, to: &dumped)
        #expect(!dumped.contains("super-secret-value"))
        #expect(configuration.publicEndpoint == configuration.endpoint)
    }
}
