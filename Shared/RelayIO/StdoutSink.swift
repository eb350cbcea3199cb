import Foundation
import Synchronization

/// Where a child's standard output goes: collected up to a limit (ffprobe's JSON, decoded audio), or
/// split into lines handed to a callback as they arrive (ffmpeg's `-progress pipe:1`).
final class StdoutSink: Sendable {
    private struct State {
        var collected = Data()
        var pending = Data()
    }

    private let state = Mutex(State())
    private let limit: Int
    private let onLine: (@Sendable (Substring) -> Void)?

    init(limit: Int, onLine: (@Sendable (Substring) -> Void)?) {
        self.limit = limit
        self.onLine = onLine
    }

    /// Called by the drain thread, in order.
    func consume(_ data: Data) {
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
