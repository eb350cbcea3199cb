/// `{"data": […]}`: an unpaged list (events of an entity, an org's sites).
package struct DataList<Item: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    package var data: [Item]

    package init(data: [Item]) {
        self.data = data
    }
}
