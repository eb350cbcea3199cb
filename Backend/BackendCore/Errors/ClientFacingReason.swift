import Foundation
import Logging

/// The one way a failure becomes text a client may read: a video's or asset's error, an image's failure
/// reason, a sync's `lastError`, a WebSocket event. Errors that are `ClientFacingError` give their own
/// text, anything else a generic sentence; either way absolute paths are cut to their last component,
/// URLs and pointer addresses are removed and the length is bounded. The full error goes to the log
/// (`logged`), where an operator can match it by the ids in the metadata.
package struct ClientFacingReason: Sendable, Equatable, CustomStringConvertible {
    /// The text to store or send.
    package let text: String

    package var description: String { text }

    /// What a client reads for an error of unknown kind.
    package static let internalFailure = "an internal error occurred; the details are in the server log"

    /// The client text for `error` (the caller logs the error itself).
    package init(_ error: any Error) {
        let own = (error as? any ClientFacingError)?.clientReason
        text = own.map(Self.scrub).flatMap { $0.isEmpty ? nil : $0 } ?? Self.internalFailure
    }

    /// Logs `error` in full (`message`, `metadata` plus `error`) and returns its client text.
    package static func logged(
        _ error: any Error, _ message: Logger.Message, logger: Logger, metadata: Logger.Metadata = [:], level: Logger.Level = .warning
    ) -> ClientFacingReason {
        logger.log(level: level, message, metadata: metadata.merging(["error": "\(String(reflecting: error))"]) { $1 })
        return ClientFacingReason(error)
    }

    /// Most characters of client text.
    static let maxLength = 300

    /// `text` without what a client must not see: `/a/b/c.ts` and `file:/a/b` become `c.ts` and `b`,
    /// `scheme://…` becomes `…`, `[h264 @ 0x55d0…] ` becomes `h264: `; control characters go, and the
    /// result is at most `maxLength` characters.
    package static func scrub(_ text: String) -> String {
        var result = text.replacing(#/[A-Za-z][A-Za-z0-9+.-]*://[^\s'"<>]*/#, with: "…")
        result = result.replacing(#/\[([A-Za-z0-9_]+) @ 0x[0-9A-Fa-f]+\] ?/#) { "\($0.output.1): " }
        // A path starts the text or follows a space, quote, `=` or bracket (so `1/2` stays as it is).
        result = result.replacing(#/(^|[\s'"=(\[])(?:file:)?((?:/[^\s'"/:,;()\[\]]+)+)/?/#) { match in
            String(match.output.1) + (match.output.2.split(separator: "/").last.map(String.init) ?? "")
        }
        result = String(String.UnicodeScalarView(result.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
        result = result.trimmingCharacters(in: .whitespaces)
        return result.count > maxLength ? String(result.prefix(maxLength - 1)) + "…" : result
    }
}
