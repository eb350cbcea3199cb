/// `GET /v1/images`.
package struct CaptureImageList: Codable, Sendable, Equatable {
    package var data: [CaptureImage]
    package var total: Int

    package init(data: [CaptureImage], total: Int) {
        self.data = data
        self.total = total
    }
}
