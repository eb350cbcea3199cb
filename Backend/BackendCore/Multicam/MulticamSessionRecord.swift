import Foundation

/// A multi-camera recording session (seed 000). Its status is derived from its assets (and, later, its
/// sync result) by `MulticamStatus`, never stored, so it cannot drift from them.
public struct MulticamSessionRecord: Sendable, Equatable {
    public var id: UUID
    public var orgId: UUID
    public var title: String
    /// `yyyy-MM-dd` as given.
    public var date: String
    public var location: String?
    public var notes: String?
    public var projectId: String
    public var createdBy: UUID
    public var createdAt: Date
    public var updatedAt: Date

    public init(
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
