import RelayAPI

/// An init-upload answer that cannot be used: fewer part URLs than parts, or no part size. Sent as the
/// `underlying` error of `RelayClientError.badResponse`, so the item is retried like any unreadable answer.
struct IncompleteGrant: Error, CustomStringConvertible {
    let grant: MultipartGrant

    var description: String { "\(grant.parts.count) part URLs for \(grant.partCount) parts of \(grant.partSize) bytes" }
}
