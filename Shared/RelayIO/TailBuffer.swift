import Foundation
import Synchronization

/// The last `limit` bytes written to it, readable as trimmed text; safe to fill from another thread.
final class TailBuffer: Sendable {
    private let bytes = Mutex(Data())
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    func append(_ data: Data) {
        bytes.withLock { bytes in
            bytes.append(data)
            if bytes.count > limit { bytes = Data(bytes.suffix(limit)) }
        }
    }

    var text: String {
        bytes.withLock { String(decoding: $0, as: UTF8.self) }.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
