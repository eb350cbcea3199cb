import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The machine as `/proc` and `statvfs` describe it, for seed 002's `GET /v1/dashboard/system-info`.
package struct SystemSnapshot: Sendable, Equatable, Codable {
    package var cpuCount: Int
    /// 1, 5 and 15-minute load averages.
    package var loadAverage: [Double]
    /// Busy share of all CPUs over a 200 ms sample, 0–100.
    package var cpuPercent: Double?
    package var memoryTotalBytes: Int64?
    package var memoryAvailableBytes: Int64?
    package var diskPath: String
    package var diskTotalBytes: Int64?
    package var diskFreeBytes: Int64?
    package var systemUptimeSeconds: Double?
    package var processUptimeSeconds: Double
    package var processResidentBytes: Int64?

    enum CodingKeys: String, CodingKey {
        case cpuCount = "cpu_count", loadAverage = "load_average", cpuPercent = "cpu_percent", memoryTotalBytes = "memory_total_bytes"
        case memoryAvailableBytes = "memory_available_bytes", diskPath = "disk_path", diskTotalBytes = "disk_total_bytes"
        case diskFreeBytes = "disk_free_bytes", systemUptimeSeconds = "system_uptime_seconds", processUptimeSeconds = "process_uptime_seconds"
        case processResidentBytes = "process_resident_bytes"
    }

    /// The process's start, for its uptime.
    package static let processStart = Date()

    /// Reads everything now; `diskPath` is the data directory.
    package static func take(diskPath: String) async -> SystemSnapshot {
        let first = cpuTimes()
        try? await Task.sleep(for: .milliseconds(200))
        let second = cpuTimes()
        var cpu: Double?
        if let a = first, let b = second, b.total > a.total {
            cpu = ((Double(b.busy - a.busy) / Double(b.total - a.total)) * 1000).rounded() / 10
        }
        let loads = ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "").split(separator: " ").prefix(3).compactMap { Double($0) }
        let memory = meminfo()
        var stats = statvfs()
        let disk = statvfs(diskPath, &stats) == 0
        let uptime = ((try? String(contentsOfFile: "/proc/uptime", encoding: .utf8)) ?? "").split(separator: " ").first.flatMap { Double($0) }
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let rss = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }.flatMap { line in
            line.split(separator: " ").dropFirst().first.flatMap { Int64($0) }.map { $0 * 1024 }
        }
        return SystemSnapshot(
            cpuCount: ProcessInfo.processInfo.activeProcessorCount, loadAverage: loads, cpuPercent: cpu, memoryTotalBytes: memory["MemTotal"],
            memoryAvailableBytes: memory["MemAvailable"], diskPath: diskPath,
            diskTotalBytes: disk ? Int64(stats.f_blocks) * Int64(stats.f_frsize) : nil,
            diskFreeBytes: disk ? Int64(stats.f_bavail) * Int64(stats.f_frsize) : nil, systemUptimeSeconds: uptime,
            processUptimeSeconds: (Date().timeIntervalSince(processStart) * 10).rounded() / 10, processResidentBytes: rss)
    }

    /// Busy and total jiffies of all CPUs from `/proc/stat`.
    static func cpuTimes() -> (busy: Int64, total: Int64)? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8), let line = text.split(separator: "\n").first,
            line.hasPrefix("cpu ")
        else { return nil }
        let values = line.split(separator: " ").dropFirst().compactMap { Int64($0) }
        guard values.count >= 5 else { return nil }
        let idle = values[3] + values[4]
        let total = values.prefix(8).reduce(0, +)
        return (total - idle, total)
    }

    /// `/proc/meminfo` in bytes.
    static func meminfo() -> [String: Int64] {
        var result: [String: Int64] = [:]
        for line in ((try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? "").split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count >= 2, let value = Int64(parts[1]) else { continue }
            result[String(parts[0].dropLast())] = value * 1024
        }
        return result
    }
}
