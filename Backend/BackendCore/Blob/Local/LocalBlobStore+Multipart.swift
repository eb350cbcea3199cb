import Crypto
import Foundation

extension LocalBlobStore {
    /// What is recorded for a multipart upload in progress.
    struct Upload: Codable {
        var key: String
        var contentType: String
    }

    func uploadFolder(_ uploadId: String) -> URL {
        root.appendingPathComponent("multipart").appendingPathComponent(uploadId)
    }

    func partURL(_ uploadId: String, _ partNumber: Int) -> URL {
        uploadFolder(uploadId).appendingPathComponent("part-\(partNumber)")
    }

    /// Reads the upload record; throws `uploadNotFound` for unknown ids or ids that are not ours (the id is
    /// checked to be plain hex first, so it can never name a path outside `multipart/`).
    func readUpload(_ uploadId: String, key: BlobKey) throws -> Upload {
        guard uploadId.count == 32, uploadId.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }),
            let data = try? Data(contentsOf: uploadFolder(uploadId).appendingPathComponent("upload.json")),
            let upload = try? JSONDecoder().decode(Upload.self, from: data), upload.key == key.rawValue
        else { throw BlobStoreError(.uploadNotFound, "no multipart upload \(uploadId) for \(key)") }
        return upload
    }

    package func createMultipartUpload(key: BlobKey, contentType: String) async throws -> String {
        let uploadId = SecretToken.hex((0..<16).map { _ in UInt8.random(in: .min ... .max) })
        let folder = uploadFolder(uploadId)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try JSONEncoder().encode(Upload(key: key.rawValue, contentType: contentType))
            .write(to: folder.appendingPathComponent("upload.json"))
        return uploadId
    }

    package func listParts(key: BlobKey, uploadId: String) async throws -> [UploadedPart] {
        _ = try readUpload(uploadId, key: key)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: uploadFolder(uploadId).path)) ?? []
        return names.compactMap { name -> UploadedPart? in
            guard name.hasPrefix("part-"), !name.hasSuffix(".etag"), let number = Int(name.dropFirst(5)) else {
                return nil
            }
            let url = partURL(uploadId, number)
            guard let etag = try? String(contentsOf: url.appendingPathExtension("etag"), encoding: .utf8),
                let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber
            else { return nil }
            return UploadedPart(partNumber: number, etag: etag, size: size.int64Value)
        }.sorted { $0.partNumber < $1.partNumber }
    }

    /// Stores one part (called by the blob endpoint after it has streamed and hashed the body into `temp`).
    /// The ETag file is written last: a part without one is invisible, as if never sent.
    package func commitPart(_ temp: URL, key: BlobKey, uploadId: String, partNumber: Int, etag: String) throws {
        try checkPartNumber(partNumber)
        _ = try readUpload(uploadId, key: key)
        let target = partURL(uploadId, partNumber)
        let etagFile = target.appendingPathExtension("etag")
        try? FileManager.default.removeItem(at: etagFile)
        if rename(temp.path, target.path) != 0 { throw posixError("rename part") }
        try Data(etag.utf8).write(to: etagFile, options: .atomic)
    }

    package func completeMultipartUpload(key: BlobKey, uploadId: String, parts: [CompletedPart]) async throws
        -> BlobMetadata
    {
        let upload = try readUpload(uploadId, key: key)
        let stored = Dictionary(uniqueKeysWithValues: try await listParts(key: key, uploadId: uploadId).map { ($0.partNumber, $0) })
        guard !parts.isEmpty else { throw BlobStoreError(.invalidParts, "no parts given") }
        for (index, part) in parts.enumerated() {
            if index > 0, part.partNumber <= parts[index - 1].partNumber {
                throw BlobStoreError(.invalidParts, "parts must be in ascending order without repeats")
            }
            let etag = part.etag.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            guard let have = stored[part.partNumber], have.etag == etag else {
                throw BlobStoreError(.invalidParts, "part \(part.partNumber) was not uploaded or its ETag differs")
            }
            if index < parts.count - 1, have.size < Self.minimumPartSize {
                throw BlobStoreError(.invalidParts, "part \(part.partNumber) is smaller than 5 MiB and not the last")
            }
        }
        let temp = temporaryURL()
        FileManager.default.createFile(atPath: temp.path, contents: nil)
        let output = try FileHandle(forWritingTo: temp)
        var hasher = Crypto.SHA256()
        do {
            for part in parts {
                let input = try FileHandle(forReadingFrom: partURL(uploadId, part.partNumber))
                defer { try? input.close() }
                while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
                    hasher.update(data: chunk)
                    try output.write(contentsOf: chunk)
                }
            }
            try output.synchronize()
            try output.close()
        } catch {
            try? output.close()
            try? FileManager.default.removeItem(at: temp)
            throw error
        }
        let etag = SecretToken.hex(hasher.finalize())
        try commit(temp, to: key, meta: .init(contentType: upload.contentType, etag: etag))
        try? FileManager.default.removeItem(at: uploadFolder(uploadId))
        guard let metadata = try await head(key: key) else { throw BlobStoreError.notFound(key) }
        return metadata
    }

    package func abortMultipartUpload(key: BlobKey, uploadId: String) async throws {
        _ = try readUpload(uploadId, key: key)
        try FileManager.default.removeItem(at: uploadFolder(uploadId))
    }
}
