/// `GET /v1/images`.
public struct CaptureImageList: Codable, Sendable, Equatable {
    public var data: [CaptureImage]
    public var total: Int

    public init(data: [CaptureImage], total: Int) {
        self.data = data
        self.total = total
    }
}
