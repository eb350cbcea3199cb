import Crypto
import Foundation
import Logging
import RelayAPI
import RelayConcurrency

extension CaptureService {
    /// Largest original the processor reads (bigger uploads fail with a reason). Matches what every blob
    /// store's `get` reads into memory (S3: 128 MiB); a 12 MP JPEG is a few MiB, a 48 MP HEIC ~20 MiB.
    package static let maxOriginalBytes = 128 * 1024 * 1024

    /// Where photos are decoded, checked and thumbnailed: one lane per processor, outside the cooperative
    /// pool, so a batch of 48 MP HEICs never stalls the requests and jobs awaiting beside it.
    package static let imageProcessingPool = OffCooperativePool(
        label: "relay.image-processing", width: OffCooperativePool.processorCount)

    /// The `image.process` job: fetch the original, check its SHA-256 against the presigned one, process it,
    /// store thumbnails, mark the image `processed` — or `failed` with a readable reason. Running it again
    /// for the same image is harmless (thumbnail keys are fixed; the final update is conditional).
    package func processImage(id: UUID, processor: any ImageProcessor, logger: Logger) async throws {
        guard let image = try await repository.image(id: id) else { throw PermanentJobFailure("image \(id) no longer exists") }
        guard image.status == .processing else { return }
        guard let key = BlobKey(image.storageKey) else { throw PermanentJobFailure("image \(id) has an invalid storage key") }
        guard let meta = try await blobStore.head(key: key) else {
            try await repository.failImage(id: id, reason: "the uploaded file is missing from storage", at: Date())
            return
        }
        guard meta.size <= Self.maxOriginalBytes else {
            try await repository.failImage(id: id, reason: "the file is larger than \(Self.maxOriginalBytes / 1_048_576) MiB", at: Date())
            return
        }
        let data = try await blobStore.get(key: key)
        guard SecretToken.hex(SHA256.hash(data: data)) == image.sha256 else {
            try await repository.failImage(id: id, reason: "the uploaded bytes do not match the SHA-256 given at presign", at: Date())
            return
        }
        let processed: ProcessedImage
        do {
            // CPU-heavy (decode, QC, thumbnails): on the processing pool's threads, not a cooperative one.
            let contentType = image.contentType
            processed = try await Self.imageProcessingPool.run { _ in try processor.process(data, contentType: contentType) }
        } catch {
            let reason = ClientFacingReason.logged(error, "image processing failed", logger: logger, metadata: ["image_id": "\(id)"])
            try await repository.failImage(id: id, reason: reason.text, at: Date())
            return
        }
        var thumbKeys: [String: String] = [:]
        for (size, jpeg) in processed.thumbnails.sorted(by: { $0.key < $1.key }) {
            let thumbKey = StorageKeys.captureThumbnail(
                orgId: image.orgId, siteId: image.siteId, sessionId: image.sessionId, imageId: image.id, size: size)
            try await blobStore.put(key: thumbKey, data: jpeg, contentType: "image/jpeg")
            thumbKeys[String(size)] = thumbKey.rawValue
        }
        var done = image
        done.width = processed.width
        done.height = processed.height
        done.exif = processed.exif
        done.qc = processed.qc
        done.thumbKeys = thumbKeys
        done.processedAt = Date()
        guard try await repository.completeImage(done) else { return }
        try await judgeSessionExposure(sessionId: image.sessionId, logger: logger)
    }
}
