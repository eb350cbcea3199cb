import Foundation
import Synchronization

/// Where a child's standard output goes: collected up to a limit (ffprobe's JSON, decoded audio), split
/// into lines handed to a callback as they arrive (ffmpeg's `-progress pipe:1`), or handed over raw as it
/// arrives (decoded audio streamed through a reduction, never held whole).
final class StdoutSink: Sendable {
    private struct State {
        var collected = Data()
        var pending = Data()
    }

    private let state = Mutex(State())
    private let limit: Int
    private let onLine: (@Sendable (Substring) -> Void)?
    private let onData: (@Sendable (Data) -> Void)?

    /// `onData` (raw bytes as they arrive, nothing kept) wins over `onLine`, which wins over collecting.
    init(limit: Int, onLine: (@Sendable (Substring) -> Void)?, onData: (@Sendable (Data) -> Void)? = nil) {
        self.limit = limit
        self.onLine = onLine
        self.onData = onData
    }

    /// Called by the drain thread, in order.
    func consume(_ data: Data) {
        if let onData {
            onData(data)
            return
        }
        guard let onLine else {
            state.withLock { state in
                if state.collected.count < limit { state.collected.append(data.prefix(limit - state.collected.count)) }
            }
            return
        }
        let lines: [String] = state.withLock { state in
            state.pending.append(data)
            var lines: [String] = []
            while let newline = state.pending.firstIndex(of: UInt8(ascii: "\n")) {
                lines.append(String(decoding: state.pending[state.pending.startIndex..<newline], as: UTF8.self))
                state.pending.removeSubrange(state.pending.startIndex...newline)
            }
            return lines
        }
        for line in lines { onLine(Substring(line)) }
    }

    /// What was collected (empty when lines were handed over instead).
    var collected: Data { state.withLock { $0.collected } }
}
