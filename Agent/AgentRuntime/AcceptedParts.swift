/// `GET /v2/sessions/{id}/assets/{assetId}/parts`: the parts the store holds so far.
struct AcceptedParts: Decodable, Sendable {
    struct Part: Decodable, Sendable {
        var partNumber: Int
        var etag: String
        var sizeBytes: Int64
    }
    var parts: [Part]
}
