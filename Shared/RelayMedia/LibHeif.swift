import CHeif
import Foundation

/// Shared plumbing for ``HEIFDecoder`` and ``HEIFEncoder``: one-time library initialisation and
/// error conversion.
enum LibHeif {
    /// `heif_init` once per process, never `heif_deinit`: libheif's registry of built-in plugins is
    /// reference counted, and a Swift global `let` is initialised exactly once, thread-safely.
    private static let initialised: Bool = {
        _ = heif_init(nil)
        return true
    }()

    /// Ensures the library is initialised before a context is created.
    static func ensureInitialised() {
        _ = initialised
    }

    /// `nil` for success, otherwise a ``MediaError`` of `kind` carrying libheif's message.
    static func check(_ error: heif_error, _ kind: MediaError, _ context: String) -> MediaError? {
        guard error.code != heif_error_Ok else { return nil }
        let message = error.message.map { String(cString: $0) } ?? "code \(error.code.rawValue)"
        // A file cut short shows up as "end of data" / "Invalid input: Unexpected end of file".
        if error.code == heif_error_Invalid_input, message.localizedCaseInsensitiveContains("end of") {
            return MediaError.truncated.with("HEIF \(context): \(message)")
        }
        return kind.with("HEIF \(context): \(message)")
    }

    /// A `heif_error` meaning success, for C callbacks.
    static var success: heif_error {
        // A StaticString's bytes live in the binary's read-only data: valid for the process lifetime.
        let message = UnsafeRawPointer(("Success" as StaticString).utf8Start).assumingMemoryBound(to: CChar.self)
        return heif_error(code: heif_error_Ok, subcode: heif_suberror_Unspecified, message: message)
    }
}
