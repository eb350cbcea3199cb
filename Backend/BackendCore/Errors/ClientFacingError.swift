/// An error that can say what went wrong in words any client may read: no paths, hosts, driver or store
/// text. `ClientFacingReason` uses this text (scrubbed once more); errors that do not conform reach
/// clients only as a generic sentence.
package protocol ClientFacingError: Error {
    /// Stable, human text for the API's callers.
    var clientReason: String { get }
}
