/// A stable machine-readable error code: `ErrorBody.code` in every error envelope, and the `code` of the
/// `{code, message}` errors inside seed 000's asset and sync objects. Seed codes keep their seed spelling.
///
/// The set is written once, here: the backend throws these and the agent matches on them. `all` lists
/// every code, and a test checks it against the OpenAPI document in both directions. A code this build
/// does not know still decodes (an older agent can read a newer server), so a `switch` over codes needs a
/// `default`.
package struct APIErrorCode: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible {
    /// The code as written on the wire, e.g. `VALIDATION_ERROR`.
    package let rawValue: String

    /// Any code, known or not; the constants in the extensions are the ones this build sends.
    package init(rawValue: String) {
        self.rawValue = rawValue
    }

    package init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    package var description: String { rawValue }

    /// Whether this build defines the code.
    package var isKnown: Bool { Self.all.contains(self) }
}
