import Foundation

/// Upload rates of the recordings in flight, from `status` readings over time: what `status --watch`
/// shows beside each transfer (bytes per second and the time left at that rate). Progress is recorded a
/// part at a time, so the rate is taken since the transfer was first seen, not since the last reading.
struct TransferRates {
    private var first: [String: (bytes: Int64, at: Date)] = [:]

    /// Bytes per second of each transfer (by file) since it was first seen; nil for one seen first now.
    mutating func update(_ transfers: [TransferStatus], at now: Date) -> [String: Double] {
        var rates: [String: Double] = [:]
        var seen: [String: (bytes: Int64, at: Date)] = [:]
        for transfer in transfers {
            guard let start = first[transfer.file], transfer.bytesDone >= start.bytes else {
                seen[transfer.file] = (transfer.bytesDone, now)
                continue
            }
            if now > start.at { rates[transfer.file] = Double(transfer.bytesDone - start.bytes) / now.timeIntervalSince(start.at) }
            seen[transfer.file] = start
        }
        first = seen
        return rates
    }

    /// `2.1 MB/s, 41 s left` (or `waiting` when nothing moved since the last reading).
    static func text(rate: Double?, transfer: TransferStatus) -> String {
        guard let rate else { return "measuring…" }
        guard rate > 0 else { return "waiting" }
        let left = Double(max(0, transfer.bytes - transfer.bytesDone)) / rate
        return String(format: "%.1f MB/s, %@ left", rate / 1_000_000, left < 120 ? String(format: "%.0f s", left) : String(format: "%.0f min", left / 60))
    }
}
