import Crypto
import Foundation

/// AWS Signature Version 4 for S3: presigned query-string URLs and `Authorization` headers.
///
/// A pure function of its inputs (the date is passed in), so it is tested against fixed vectors
/// computed with botocore. Paths and query items are given unencoded and encoded here once, the way
/// S3 expects (RFC 3986: `A-Z a-z 0-9 - _ . ~` kept, everything else `%XX`; `/` kept in paths).
/// Header names are lowercased and values trimmed with inner runs of whitespace collapsed.
package struct SigV4Signer: Sendable, CustomStringConvertible {
    /// The only algorithm implemented.
    package static let algorithm = "AWS4-HMAC-SHA256"
    /// Payload hash used when the body is not hashed (presigned URLs, streamed uploads).
    package static let unsignedPayload = "UNSIGNED-PAYLOAD"
    /// SHA-256 of the empty body.
    package static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// Access key id; appears in every credential scope.
    package let accessKeyId: String
    private let secretAccessKey: String
    /// Signing region.
    package let region: String
    /// Signing service (`s3`).
    package let service: String

    /// Creates a signer for one set of credentials.
    package init(accessKeyId: String, secretAccessKey: String, region: String, service: String = "s3") {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.region = region
        self.service = service
    }

    package var description: String {
        "SigV4Signer(accessKeyId: \(accessKeyId), region: \(region), service: \(service), secretAccessKey: <redacted>)"
    }

    /// A presigned URL and the headers its sender must add (they are part of the signature).
    package struct PresignedURL: Sendable, Equatable {
        /// Absolute URL with the `X-Amz-*` query items, `X-Amz-Signature` last.
        package var url: String
        /// The hex signature alone.
        package var signature: String
        /// Signed headers other than `host`, lowercased names, normalised values.
        package var headers: [String: String]
    }

    /// Signs a request as a query-string presigned URL.
    ///
    /// - Parameters:
    ///   - host: the `Host` header value the sender will use (`host[:port]`, port only if not default).
    ///   - path: unencoded path, e.g. `/bucket/org/a/b.jpg`.
    ///   - query: unencoded query items the URL carries besides the `X-Amz-*` ones (`partNumber`…).
    ///   - headers: headers the sender must send, signed besides `host` (e.g. `content-type`).
    ///   - expires: lifetime in seconds (S3 allows 1...604800).
    ///   - payloadHash: the canonical request's payload line. S3 documents `UNSIGNED-PAYLOAD` for
    ///     presigned URLs and SeaweedFS only accepts that; botocore instead uses the value of an
    ///     `x-amz-content-sha256` header when one is signed (the botocore vectors pass it here).
    package func presign(
        method: String,
        scheme: String,
        host: String,
        path: String,
        query: [String: String] = [:],
        headers: [String: String] = [:],
        expires: Int,
        date: Date,
        payloadHash: String = SigV4Signer.unsignedPayload
    ) -> PresignedURL {
        let amzDate = Self.amzDate(date)
        let scope = credentialScope(amzDate: amzDate)
        var signed = Self.normalizedHeaders(headers)
        signed["host"] = host
        let signedNames = signed.keys.sorted().joined(separator: ";")
        var items = query
        items["X-Amz-Algorithm"] = Self.algorithm
        items["X-Amz-Credential"] = "\(accessKeyId)/\(scope)"
        items["X-Amz-Date"] = amzDate
        items["X-Amz-Expires"] = String(expires)
        items["X-Amz-SignedHeaders"] = signedNames
        let encodedPath = Self.encodePath(path)
        let canonicalQuery = Self.canonicalQuery(items)
        let request = canonicalRequest(
            method: method, encodedPath: encodedPath, canonicalQuery: canonicalQuery,
            headers: signed, signedNames: signedNames, payloadHash: payloadHash
        )
        let signature = sign(canonicalRequest: request, amzDate: amzDate, scope: scope)
        signed["host"] = nil
        return PresignedURL(
            url: "\(scheme)://\(host)\(encodedPath)?\(canonicalQuery)&X-Amz-Signature=\(signature)",
            signature: signature,
            headers: signed
        )
    }

    /// Signs a request with the `Authorization` header (server-side requests).
    ///
    /// Returns every header to send, lowercased: the given ones, `host`, `x-amz-date`,
    /// `x-amz-content-sha256` (= `payloadHash`: hex SHA-256 of the body, or `UNSIGNED-PAYLOAD` for a
    /// streamed body) and `authorization`. Send `host` as given so the signed value is the sent one.
    package func signedHeaders(
        method: String,
        host: String,
        path: String,
        query: [String: String] = [:],
        headers: [String: String] = [:],
        payloadHash: String,
        date: Date
    ) -> [String: String] {
        let amzDate = Self.amzDate(date)
        let scope = credentialScope(amzDate: amzDate)
        var signed = Self.normalizedHeaders(headers)
        signed["host"] = host
        signed["x-amz-date"] = amzDate
        signed["x-amz-content-sha256"] = payloadHash
        let signedNames = signed.keys.sorted().joined(separator: ";")
        let request = canonicalRequest(
            method: method, encodedPath: Self.encodePath(path), canonicalQuery: Self.canonicalQuery(query),
            headers: signed, signedNames: signedNames, payloadHash: payloadHash
        )
        let signature = sign(canonicalRequest: request, amzDate: amzDate, scope: scope)
        signed["authorization"] =
            "\(Self.algorithm) Credential=\(accessKeyId)/\(scope), SignedHeaders=\(signedNames), Signature=\(signature)"
        return signed
    }

    // MARK: Canonical forms

    /// `yyyyMMdd'T'HHmmss'Z'` in UTC, fractions of a second dropped.
    package static func amzDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        // UTC always exists; a failure here would be a broken Foundation, not an input problem.
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let whole = Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: whole)
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return pad(parts.year, 4) + pad(parts.month, 2) + pad(parts.day, 2) + "T"
            + pad(parts.hour, 2) + pad(parts.minute, 2) + pad(parts.second, 2) + "Z"
    }

    /// RFC 3986 percent-encoding of UTF-8 bytes; `/` is kept only when `keepingSlash` is set.
    package static func uriEncode(_ string: String, keepingSlash: Bool = false) -> String {
        let hexDigits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: "/") where keepingSlash:
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The canonical URI: every segment encoded, `/` kept, `/` for an empty path.
    package static func encodePath(_ path: String) -> String {
        path.isEmpty ? "/" : uriEncode(path, keepingSlash: true)
    }

    /// `k=v` pairs, both encoded, sorted by encoded key then value, joined with `&`.
    package static func canonicalQuery(_ items: [String: String]) -> String {
        let encoded: [(key: String, value: String)] = items.map { (uriEncode($0.key), uriEncode($0.value)) }
        let sorted = encoded.sorted { (lhs, rhs) -> Bool in
            lhs.key == rhs.key ? lhs.value < rhs.value : lhs.key < rhs.key
        }
        return sorted.map { pair -> String in pair.key + "=" + pair.value }.joined(separator: "&")
    }

    /// Lowercase hex SHA-256 of `data`.
    package static func sha256Hex<Bytes: DataProtocol>(_ data: Bytes) -> String {
        hex(SHA256.hash(data: data))
    }

    /// Lowercase hex of a byte sequence.
    package static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func normalizedHeaders(_ headers: [String: String]) -> [String: String] {
        var result: [String: String] = [:]
        for (name, value) in headers {
            let key = name.trimmingCharacters(in: .whitespaces).lowercased()
            result[key] = value.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        return result
    }

    // MARK: Signing

    private func credentialScope(amzDate: String) -> String {
        "\(amzDate.prefix(8))/\(region)/\(service)/aws4_request"
    }

    private func canonicalRequest(
        method: String,
        encodedPath: String,
        canonicalQuery: String,
        headers: [String: String],
        signedNames: String,
        payloadHash: String
    ) -> String {
        let canonicalHeaders = headers.keys.sorted().map { "\($0):\(headers[$0] ?? "")\n" }.joined()
        return [method.uppercased(), encodedPath, canonicalQuery, canonicalHeaders, signedNames, payloadHash]
            .joined(separator: "\n")
    }

    private func sign(canonicalRequest: String, amzDate: String, scope: String) -> String {
        let stringToSign = [Self.algorithm, amzDate, scope, Self.sha256Hex(Data(canonicalRequest.utf8))]
            .joined(separator: "\n")
        var key = Self.hmac(key: Array("AWS4\(secretAccessKey)".utf8), message: String(amzDate.prefix(8)))
        for part in [region, service, "aws4_request"] {
            key = Self.hmac(key: key, message: part)
        }
        return Self.hex(Self.hmac(key: key, message: stringToSign))
    }

    private static func hmac(key: [UInt8], message: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: key)))
    }
}
