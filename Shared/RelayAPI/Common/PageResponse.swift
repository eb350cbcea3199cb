/// A page of a list endpoint (`GET /v1/sessions`, the admin lists): the rows, the total number of rows
/// and the `limit`/`offset` that were asked for (DESIGN §1).
package struct PageResponse<Row: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    package var data: [Row]
    package var total: Int
    package var limit: Int
    package var offset: Int
    /// Whether rows follow this page.
    package var hasMore: Bool

    package init(data: [Row], total: Int, limit: Int, offset: Int, hasMore: Bool) {
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
