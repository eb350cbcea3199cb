/// `{"data": […]}`: an unpaged list (events of an entity, an org's sites).
public struct DataList<Item: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var data: [Item]

    public init(data: [Item]) {
        self.data = data
    }
}
