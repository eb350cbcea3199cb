import AgentStore

/// A multipart upload under way, as `relay-agent status` shows it.
struct TransferStatus: Codable {
    var file: String
    var cameraLabel: String
    var assetId: String?
    var partsDone: Int
    var partCount: Int
    var bytesDone: Int64
    var bytes: Int64

    enum CodingKeys: String, CodingKey {
        case file, bytes
        case cameraLabel = "camera_label"
        case assetId = "asset_id"
        case partsDone = "parts_done"
        case partCount = "part_count"
        case bytesDone = "bytes_done"
    }

    init(_ transfer: UploadQueueStore.Transfer) {
        file = transfer.path
        cameraLabel = transfer.cameraLabel
        assetId = transfer.assetId
        partsDone = transfer.partsDone
        partCount = transfer.partCount
        bytesDone = transfer.bytesDone
        bytes = transfer.size
    }
}
