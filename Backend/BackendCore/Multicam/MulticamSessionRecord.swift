import Foundation

/// A multi-camera recording session (seed 000). Its status is derived from its assets (and, later, its
/// sync result) by `MulticamStatus`, never stored, so it cannot drift from them.
package struct MulticamSessionRecord: Sendable, Equatable {
    package var id: UUID
    package var orgId: UUID
    package var title: String
    /// `yyyy-MM-dd` as given.
    package var date: String
    package var location: String?
    package var notes: String?
    package var projectId: String
    package var createdBy: UUID
    package var createdAt: Date
    package var updatedAt: Date

    package init(
        id: UUID = UUID(), orgId: UUID, title: String, date: String, location: String?, notes: String?, projectId: String,
        createdBy: UUID, createdAt: Date = Date(), updatedAt: Date = Date()
    ) {
        self.id = id
        self.orgId = orgId
        self.title = title
        self.date = date
        self.location = location
        self.notes = notes
        self.projectId = projectId
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
