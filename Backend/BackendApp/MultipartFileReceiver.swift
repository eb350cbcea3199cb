import BackendCore
import Foundation
import Hummingbird
import MultipartKit
import NIOCore
import RelayAPI

/// Streams one file field of a `multipart/form-data` body to a temporary file: the body is never held
/// in memory, its size is capped while it arrives, and nothing is left behind when it is refused.
struct MultipartFileReceiver {
    /// A received file; the caller deletes `url`.
    struct File {
        let url: URL
        let fileName: String
        let contentType: String?
        let size: Int64
        /// The other (text) fields, by name, as UTF-8; their total is bounded by `maxOverheadBytes`.
        var fields: [String: String] = [:]
    }

    let field: String
    let maxFileBytes: Int64
    let folder: URL

    /// Bytes of other fields and headers tolerated beside the file.
    static let maxOverheadBytes: Int64 = 1 << 20
    /// Longest part header (or preamble) the parser may hold: it buffers a header until its line ends, so
    /// this bounds what one request can make the server keep.
    static let maxPartHeaderBytes = 16 << 10
    /// The parser is fed at most this much at a time, so a header is caught within one slice of the cap.
    static let sliceBytes = 4 << 10

    /// The `boundary` parameter of a `multipart/form-data` content type, or nil.
    static func boundary(contentType: String?) -> String? {
        guard let contentType else { return nil }
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        for part in parts.dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return (1...70).contains(value.utf8.count) ? value : nil
            }
        }
        return nil
    }

    /// `name` and `filename` of a part's `Content-Disposition: form-data; name="…"; filename="…"`.
    static func disposition(_ value: String) -> (name: String?, fileName: String?) {
        var name: String?, fileName: String?
        for item in value.split(separator: ";").dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            let text = pair[1].count >= 2 && pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") ? String(pair[1].dropFirst().dropLast()) : pair[1]
            switch pair[0].lowercased() {
            case "name": name = text
            case "filename": fileName = text
            default: break
            }
        }
        return (name, fileName)
    }

    /// Reads `body` to the end. Throws 400 when there is no (complete, non-empty) file field and 413 when
    /// the file is larger than `maxFileBytes`.
    func receive(_ body: RequestBody, boundary: String) async throws -> File {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(UUID().uuidString.lowercased())
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw AppError.unavailable("cannot write the upload to local disk")
        }
        do {
            let file = try await receive(body, boundary: boundary, into: url)
            return file
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
    }

    private func receive(_ body: RequestBody, boundary: String, into url: URL) async throws -> File {
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        let parser = MultipartParser(boundary: boundary)
        var headerGuard = MultipartHeaderGuard(boundary: boundary)
        var headers: [(String, String)] = []
        var inFile = false
        var fileDone = false
        var fileName = ""
        var contentType: String?
        var size: Int64 = 0
        var overhead: Int64 = 0
        var total: Int64 = 0
        // Bytes fed since the parser last handed anything over: what it may be holding (a header line).
        var unreported = 0
        var failure: (any Error)?
        var fieldBytes: [String: [UInt8]] = [:]

        parser.onHeader = { name, value in
            unreported = 0
            headers.append((name, value))
            overhead += Int64(name.utf8.count + value.utf8.count)
        }
        parser.onBody = { buffer in
            unreported = 0
            guard failure == nil else { return }
            if !inFile, !fileDone, let disposition = headers.first(where: { $0.0.lowercased() == "content-disposition" }),
                Self.disposition(disposition.1).name == field
            {
                inFile = true
                fileName = Self.disposition(disposition.1).fileName ?? "upload"
                contentType = headers.first { $0.0.lowercased() == "content-type" }?.1
            }
            if inFile {
                size += Int64(buffer.readableBytes)
                if size > maxFileBytes {
                    failure = AppError(
                        status: 413, code: APIErrorCode.payloadTooLarge, message: "the file exceeds \(maxFileBytes) bytes",
                        details: ["max_bytes": .number(Double(maxFileBytes))])
                    return
                }
                do {
                    try handle.write(contentsOf: buffer.readableBytesView)
                } catch {
                    failure = AppError.unavailable("cannot write the upload to local disk")
                }
            } else {
                overhead += Int64(buffer.readableBytes)
                if overhead <= Self.maxOverheadBytes,
                    let name = headers.first(where: { $0.0.lowercased() == "content-disposition" }).flatMap({ Self.disposition($0.1).name })
                {
                    fieldBytes[name, default: []].append(contentsOf: buffer.readableBytesView)
                }
            }
        }
        parser.onPartComplete = {
            unreported = 0
            if inFile {
                inFile = false
                fileDone = true
            }
            headers = []
        }

        let maxTotal = maxFileBytes + Self.maxOverheadBytes + Int64(Self.maxPartHeaderBytes)
        for try await var chunk in body {
            total += Int64(chunk.readableBytes)
            if total > maxTotal {
                throw AppError(
                    status: 413, code: APIErrorCode.payloadTooLarge, message: "the request body exceeds \(maxTotal) bytes",
                    details: ["max_bytes": .number(Double(maxFileBytes))])
            }
            while let slice = chunk.readSlice(length: min(chunk.readableBytes, Self.sliceBytes)), slice.readableBytes > 0 {
                unreported += slice.readableBytes
                guard slice.withUnsafeReadableBytes({ headerGuard.accept($0) }) else {
                    throw AppError.validation("a multipart part header name holds a byte that is not ASCII", field: field)
                }
                do {
                    try parser.execute(slice)
                } catch {
                    throw AppError.validation("the multipart body is malformed", field: field)
                }
                if let failure { throw failure }
                if unreported > Self.maxPartHeaderBytes + Self.sliceBytes {
                    throw AppError(
                        status: 413, code: APIErrorCode.payloadTooLarge,
                        message: "a multipart part header is longer than \(Self.maxPartHeaderBytes) bytes",
                        details: ["max_header_bytes": .number(Double(Self.maxPartHeaderBytes))])
                }
                if overhead > Self.maxOverheadBytes {
                    throw AppError(
                        status: 413, code: APIErrorCode.payloadTooLarge, message: "form fields besides the file exceed \(Self.maxOverheadBytes) bytes")
                }
            }
        }
        guard fileDone else {
            throw AppError.validation(
                inFile || size > 0 ? "the multipart body ended before the file was complete" : "no file provided in form field \(field)",
                field: field)
        }
        guard size > 0 else { throw AppError.validation("the file is empty", field: field) }
        try handle.synchronize()
        return File(
            url: url, fileName: fileName, contentType: contentType, size: size,
            fields: fieldBytes.mapValues { String(decoding: $0, as: UTF8.self) })
    }
}
