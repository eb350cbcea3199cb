/// An image that cannot be read or written: the only thing RelayMedia throws.
///
/// QC findings (blurry, dark) are values in ``QCResult``, never errors. A `MediaError` means the bytes
/// themselves are unusable — not an image, a different format than declared, cut short, corrupt, too
/// large to decode safely — or a codec failed. Like `HTTPClientError`, it wraps a private code so new
/// kinds don't break callers: compare with `==` (the code only) or switch on ``code``.
///
/// ```swift
/// do { _ = try JPEGDecoder().decodeRGB(bytes) }
/// catch let error as MediaError where error == .truncated { ... }
/// ```
package struct MediaError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: String, Sendable, Hashable {
        case unsupportedFormat = "unsupported_format"
        case formatMismatch = "format_mismatch"
        case truncated
        case corrupt
        case tooLarge = "too_large"
        case invalidArgument = "invalid_argument"
        case codecUnavailable = "codec_unavailable"
        case encodingFailed = "encoding_failed"
    }

    private let kind: Code
    /// Human-readable detail for logs and for a reviewer-facing failure reason.
    package let detail: String

    private init(_ kind: Code, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// A stable machine-readable code (`truncated`, `corrupt`, `unsupported_format`, …).
    package var code: String { kind.rawValue }

    /// `code: detail`, or just the code.
    package var description: String { detail.isEmpty ? code : "\(code): \(detail)" }

    /// Two errors are equal when their kinds are equal; the detail is ignored.
    package static func == (lhs: MediaError, rhs: MediaError) -> Bool { lhs.kind == rhs.kind }
    /// Hashes the kind only, consistent with `==`.
    package func hash(into hasher: inout Hasher) { hasher.combine(kind) }

    /// The bytes are not a format RelayMedia decodes (JPEG, HEIC), or the declared type is not one.
    package static let unsupportedFormat = MediaError(.unsupportedFormat, "")
    /// The magic bytes say one format, the declared content type another.
    package static let formatMismatch = MediaError(.formatMismatch, "")
    /// The data ends before the image does.
    package static let truncated = MediaError(.truncated, "")
    /// The codec rejected the data.
    package static let corrupt = MediaError(.corrupt, "")
    /// The image header claims more pixels than the decoder's limit.
    package static let tooLarge = MediaError(.tooLarge, "")
    /// A caller passed an impossible argument (empty image, wrong buffer size, bad quality).
    package static let invalidArgument = MediaError(.invalidArgument, "")
    /// The codec this operation needs is not built into the installed library.
    package static let codecUnavailable = MediaError(.codecUnavailable, "")
    /// The encoder failed.
    package static let encodingFailed = MediaError(.encodingFailed, "")

    /// The same kind with a detail message.
    package func with(_ detail: String) -> MediaError { MediaError(kind, detail) }
}
