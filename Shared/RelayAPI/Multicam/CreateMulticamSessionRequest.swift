/// Body of `POST /v2/sessions` (seed 000). Every member is optional on the wire; the server answers 400
/// `VALIDATION_ERROR` for a missing title, date (`yyyy-MM-dd`) or projectId.
package struct CreateMulticamSessionRequest: Codable, Sendable, Equatable {
    package var title: String?
    /// `yyyy-MM-dd`.
    package var date: String?
    package var location: String?
    package var notes: String?
    /// 1–64 of `[A-Za-z0-9._-]`; it becomes part of storage keys.
    package var projectId: String?

    package init(
        title: String? = nil, date: String? = nil, location: String? = nil, notes: String? = nil,
        projectId: String? = nil
    ) {
        self.title = title
        self.date = date
        self.location = location
        self.notes = notes
        self.projectId = projectId
    }
}
