import Foundation

/// A seed 000 session, as `POST /v2/sessions` answers it.
package struct MulticamSession: Codable, Sendable, Equatable {
    package var id: String
    package var title: String
    package var date: String
    package var location: String?
    package var notes: String?
    /// `draft` when created; the session status (see `MulticamStatus`).
    package var status: String
    package var createdAt: Date
    package var projectId: String

    package init(
        id: String, title: String, date: String, location: String? = nil, notes: String? = nil, status: String,
        createdAt: Date, projectId: String
    ) {
        self.id = id
        self.title = title
        self.date = date
        self.location = location
        self.notes = notes
        self.status = status
        self.createdAt = createdAt
        self.projectId = projectId
    }

    enum CodingKeys: String, CodingKey {
        case id
        case title
        case date
        case location
        case notes
        case status
        case createdAt
        case projectId
    }

    // Members without a value are sent as `null`, not left out, as the API always did.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encode(date, forKey: .date)
        try container.encode(location, forKey: .location)
        try container.encode(notes, forKey: .notes)
        try container.encode(status, forKey: .status)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(projectId, forKey: .projectId)
    }
}
