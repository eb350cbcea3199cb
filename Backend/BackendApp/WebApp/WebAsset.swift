import Crypto
import Foundation

/// One file of the reviewer app, held in memory: its bytes, content type and strong ETag.
struct WebAsset: Sendable {
    let body: [UInt8]
    let contentType: String
    let etag: String

    init(body: [UInt8], path: String) {
        self.body = body
        contentType = Self.contentType(path)
        etag = "\"" + SHA256.hash(data: body).prefix(12).map { String(format: "%02x", $0) }.joined() + "\""
    }

    static func contentType(_ path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "html": "text/html; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "ico": "image/x-icon"
        case "json": "application/json"
        case "txt": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}
