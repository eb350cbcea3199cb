import FluentKit
import Foundation

/// Row of `orgs`.
// Fluent models are reference types with property wrappers; Fluent requires `@unchecked Sendable` and
// instances are never shared between tasks here (each query makes its own).
final class OrgModel: Model, @unchecked Sendable {
    static let schema = "orgs"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(id: UUID, name: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }
}
