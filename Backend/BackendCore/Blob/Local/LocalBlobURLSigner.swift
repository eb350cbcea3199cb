import Crypto
import Foundation

/// Signs and checks the URLs of the local-disk blob store (`/v1/blobs/{key}?…`).
///
/// The HMAC-SHA256 covers method, key, expiry, content type, body SHA-256, the multipart upload id and
/// part number, and the body's exact length when one is granted, so changing any of them — or the expiry — makes the URL useless. The same scheme as S3's
/// presigned URLs, in spirit: a client holding the URL can do exactly one thing until it expires.
package struct LocalBlobURLSigner: Sendable {
    /// Query parameter names.
    package enum Param {
        package static let method = "X-Relay-Method"
        package static let expires = "X-Relay-Expires"
        package static let contentType = "X-Relay-Content-Type"
        package static let sha256 = "X-Relay-Content-Sha256"
        package static let uploadId = "uploadId"
        package static let partNumber = "partNumber"
        package static let contentLength = "X-Relay-Content-Length"
        package static let signature = "X-Relay-Signature"
    }

    /// What a valid URL allows.
    package struct Grant: Sendable, Equatable {
        package var method: String
        package var key: BlobKey
        package var expires: Date
        package var contentType: String?
        package var sha256: String?
        package var uploadId: String?
        package var partNumber: Int?
        /// The only body length the URL accepts.
        package var contentLength: Int64?

        package init(
            method: String, key: BlobKey, expires: Date, contentType: String? = nil, sha256: String? = nil,
            uploadId: String? = nil, partNumber: Int? = nil, contentLength: Int64? = nil
        ) {
            self.contentLength = contentLength
            self.method = method
            self.key = key
            self.expires = expires
            self.contentType = contentType
            self.sha256 = sha256
            self.uploadId = uploadId
            self.partNumber = partNumber
        }
    }

    private let key: SymmetricKey

    /// - Parameter secret: at least 32 bytes; from configuration or generated at first start.
    package init(secret: Data) {
        self.key = SymmetricKey(data: secret)
    }

    /// Query items for a URL granting `grant`, signature last.
    package func queryItems(for grant: Grant) -> [URLQueryItem] {
        var items = [
            URLQueryItem(name: Param.method, value: grant.method),
            URLQueryItem(name: Param.expires, value: String(Int64(grant.expires.timeIntervalSince1970))),
        ]
        if let value = grant.contentType { items.append(.init(name: Param.contentType, value: value)) }
        if let value = grant.sha256 { items.append(.init(name: Param.sha256, value: value)) }
        if let value = grant.uploadId { items.append(.init(name: Param.uploadId, value: value)) }
        if let value = grant.partNumber { items.append(.init(name: Param.partNumber, value: String(value))) }
        if let value = grant.contentLength { items.append(.init(name: Param.contentLength, value: String(value))) }
        items.append(.init(name: Param.signature, value: signature(for: grant)))
        return items
    }

    /// The URL query granting `grant`, percent-encoded, signature last (the items of `queryItems(for:)`).
    /// Every byte but RFC 3986's unreserved ones and `/` is escaped, `+` included: many servers read a
    /// bare `+` in a query as a space, and content types have them.
    package func query(for grant: Grant) -> String {
        var query: [UInt8] = []
        query.reserveCapacity(320)
        for item in queryItems(for: grant) {
            if !query.isEmpty { query.append(UInt8(ascii: "&")) }
            Self.appendEscaped(item.name, to: &query)
            query.append(UInt8(ascii: "="))
            Self.appendEscaped(item.value ?? "", to: &query)
        }
        return String(decoding: query, as: UTF8.self)
    }

    private static func appendEscaped(_ text: String, to query: inout [UInt8]) {
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                query.append(byte)
            default:
                query.append(UInt8(ascii: "%"))
                query.append(hex[Int(byte >> 4)])
                query.append(hex[Int(byte & 0x0f)])
            }
        }
    }

    /// Checks a request against its query parameters.
    /// - Throws: `AppError` 403 `SIGNATURE_INVALID` when the signature is missing, wrong or expired,
    ///   or when the signed method is not `method`.
    package func verify(method: String, key: BlobKey, query: [String: String], now: Date) throws -> Grant {
        guard let signed = query[Param.signature], let signedMethod = query[Param.method],
            let expiresText = query[Param.expires], let expiresSeconds = Int64(expiresText)
        else { throw AppError.signatureInvalid("the URL is not signed") }
        var partNumber: Int?
        if let text = query[Param.partNumber] {
            guard let number = Int(text) else { throw AppError.signatureInvalid("bad part number") }
            partNumber = number
        }
        var contentLength: Int64?
        if let text = query[Param.contentLength] {
            guard let length = Int64(text), length >= 0 else { throw AppError.signatureInvalid("bad content length") }
            contentLength = length
        }
        let grant = Grant(
            method: signedMethod, key: key, expires: Date(timeIntervalSince1970: TimeInterval(expiresSeconds)),
            contentType: query[Param.contentType], sha256: query[Param.sha256], uploadId: query[Param.uploadId],
            partNumber: partNumber, contentLength: contentLength)
        let expected = signature(for: grant)
        // Compare in constant time so the signature cannot be guessed byte by byte.
        guard signed.utf8.count == expected.utf8.count,
            zip(signed.utf8, expected.utf8).reduce(UInt8(0), { $0 | ($1.0 ^ $1.1) }) == 0
        else { throw AppError.signatureInvalid("the URL signature does not match") }
        guard signedMethod == method else {
            throw AppError.signatureInvalid("the URL is signed for \(signedMethod), not \(method)")
        }
        guard grant.expires > now else { throw AppError.signatureInvalid("the URL has expired") }
        return grant
    }

    private func signature(for grant: Grant) -> String {
        let fields = [
            "RELAY-BLOB-V1", grant.method, grant.key.rawValue, String(Int64(grant.expires.timeIntervalSince1970)),
            grant.contentType ?? "", grant.sha256 ?? "", grant.uploadId ?? "", grant.partNumber.map(String.init) ?? "",
        ] + (grant.contentLength.map { ["length:\($0)"] } ?? [])
        let canonical = fields.joined(separator: "\n")
        let mac = HMAC<SHA256>.authenticationCode(for: Data(canonical.utf8), using: key)
        return SecretToken.hex(mac)
    }
}
