/// How a multipart upload is cut: S3 allows at most 10,000 parts of 5 MiB–5 GiB (the last may be
/// smaller). The part size is the smallest whole number of MiB, at least the configured minimum, that
/// keeps the count within 10,000.
package struct PartPlan: Sendable, Equatable {
    package static let maxParts = 10_000
    package static let maxPartBytes: Int64 = 5 << 30

    package let partSize: Int64
    package let partCount: Int

    /// `nil` when `size` cannot be uploaded in 10,000 parts of at most 5 GiB, or is not positive.
    package init?(size: Int64, minPartMiB: Int) {
        guard size > 0 else { return nil }
        let mib: Int64 = 1 << 20
        let needed = (size + Int64(Self.maxParts) - 1) / Int64(Self.maxParts)
        let partSize = max(Int64(minPartMiB) * mib, (needed + mib - 1) / mib * mib)
        guard partSize <= Self.maxPartBytes else { return nil }
        self.partSize = partSize
        self.partCount = Int((size + partSize - 1) / partSize)
    }

    /// The exact length of part `number` (1-based) of an upload of `size` bytes cut into `partSize` parts.
    package static func length(ofPart number: Int, size: Int64, partSize: Int64, partCount: Int) -> Int64 {
        number < partCount ? partSize : size - Int64(partCount - 1) * partSize
    }
}
