/// A page of a list endpoint (`GET /v1/sessions`, the admin lists): the rows, the total number of rows
/// and the `limit`/`offset` that were asked for (DESIGN §1).
public struct PageResponse<Row: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var data: [Row]
    public var total: Int
    public var limit: Int
    public var offset: Int
    /// Whether rows follow this page.
    public var hasMore: Bool

    public init(data: [Row], total: Int, limit: Int, offset: Int, hasMore: Bool) {
        self.data = data
        self.total = total
        self.limit = limit
        self.offset = offset
        self.hasMore = hasMore
    }

    enum CodingKeys: String, CodingKey {
        case data, total, limit, offset
        case hasMore = "has_more"
    }
}
