/// An input refused by policy before ffmpeg decodes it: over a `MediaLimits` bound or in a container that
/// is not allowed. Permanent: the same bytes are refused again, so the job is not retried.
package struct MediaRefusal: Error, Sendable, Equatable, CustomStringConvertible, ClientFacingError {
    /// Why, in words for the uploader (names the limit and its configuration key).
    package let reason: String

    package init(reason: String) {
        self.reason = reason
    }

    package var description: String { reason }
    package var clientReason: String { reason }

    /// `text` cut to 40 printable ASCII characters (a format name read from the file goes into a reason).
    static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }.prefix(40)))
    }
}
