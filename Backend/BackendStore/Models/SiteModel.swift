import FluentKit
import Foundation

/// Row of `sites`.
// `@unchecked Sendable`: Fluent's rule for models; instances are never shared between tasks here.
final class SiteModel: Model, @unchecked Sendable {
    static let schema = "sites"

    @ID(key: .id) var id: UUID?
    @Field(key: "org_id") var orgId: UUID
    @Field(key: "name") var name: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(id: UUID, orgId: UUID, name: String, createdAt: Date) {
        self.id = id
        self.orgId = orgId
        self.name = name
        self.createdAt = createdAt
    }
}
