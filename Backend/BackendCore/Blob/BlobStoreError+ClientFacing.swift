/// A store failure as clients may read it: what happened, never the store's own text (bucket, endpoint,
/// folder).
extension BlobStoreError: ClientFacingError {
    package var clientReason: String {
        switch code {
        case .notFound: "the file is missing from storage"
        case .invalidParts: "the storage service refused the uploaded parts"
        case .uploadNotFound: "the upload is no longer open in storage"
        case .unavailable: "the storage service is not available"
        case .rejected: "the storage service refused the request"
        }
    }
}
