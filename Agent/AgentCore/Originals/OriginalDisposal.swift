/// What became of a file after the backend acknowledged its bytes, when the agent is configured to delete
/// originals (`delete_originals_after_hours`). Recorded once per queue item; the item is not looked at again.
package enum OriginalDisposal: String, Sendable, Codable, CaseIterable {
    /// The file still held the acknowledged bytes and was deleted.
    case deleted
    /// Nothing was at the path any more (moved or deleted by someone else).
    case gone
    /// Something else is at the path now (other size or bytes, a link, a folder): it was kept.
    case changed
    /// A recording whose parts on the store could not be matched to the file (an ETag that is not a
    /// digest, or one that differs): it was kept.
    case unverified
}
