import Crypto
import Foundation
import RelayAPI
import RelayIO
import Synchronization

extension AnalyzerService {
    /// Waveforms are decoded at 16 kHz mono: enough for any screen, a third of the bytes of 48 kHz.
    package static let waveformRate = 16_000
    package static let defaultWaveformWidth = 2000
    package static let waveformWidths = 1...20_000

    /// The waveform of `file` at `width` for `orgId`: from the cache (blob store, keyed by path, size,
    /// modification time and width) unless `force`, else decoded in one streaming pass (ffmpeg's output
    /// reduced as it arrives; memory ~13 MB per 3 hours of audio) and cached.
    package func waveform(
        orgId: UUID, file: MediaRoots.Resolved, width: Int, analysisId: String?, force: Bool = false, now: Date = Date()
    ) async throws -> Waveform {
        guard Self.waveformWidths.contains(width) else {
            throw AppError.validation("width must be \(Self.waveformWidths.lowerBound)–\(Self.waveformWidths.upperBound)", field: "width")
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let digest = SHA256.hash(data: Data("\(file.path)\u{0}\(size)\u{0}\(modified)\u{0}\(width)".utf8)).map { String(format: "%02x", $0) }.joined()
        let key = "analyzer/waveforms/\(orgId.uuidString.lowercased())/\(digest).json"
        guard let blobKey = BlobKey(key) else { throw AppError.unavailable("cannot name the waveform cache entry") }
        if !force, try await waveforms.entry(key: key) != nil, let data = try? await blobStore.get(key: blobKey),
            let cached = try? Self.waveformDecoder.decode(Waveform.self, from: data)
        {
            return cached
        }
        let waveform = try await decodeWaveform(file, size: size, modified: modified, width: width, now: now)
        let data = try Self.waveformEncoder.encode(waveform)
        try await blobStore.put(key: blobKey, data: data, contentType: "application/json")
        try await waveforms.save(WaveformCacheEntry(
            key: key, orgId: orgId, sourcePath: file.path, sourceSize: size, sourceModified: modified, width: width, analysisId: analysisId,
            bytes: data.count, generatedAt: now))
        return waveform
    }

    /// ffmpeg → f32le on stdout → `WaveformAccumulator`, never holding the audio.
    func decodeWaveform(_ file: MediaRoots.Resolved, size: Int64, modified: Double, width: Int, now: Date) async throws -> Waveform {
        let sink = WaveformSink(sampleRate: Self.waveformRate)
        let media = await probe.info(path: file.path, size: size, modified: Date(timeIntervalSince1970: modified))
        let duration = media.durationSeconds ?? 0
        // The mean of the channels (ffmpeg's own downmix adds them at −3 dB each, so a stereo file would
        // read √2 too loud and clip); then 16 kHz, regrouped into large frames for cheap pipe reads.
        var filters = ["asetnsamples=n=8192:p=0"]
        if let channels = media.channels, (2...64).contains(channels) {
            let gain = 1 / Double(channels)
            filters.insert("pan=mono|c0=" + (0..<channels).map { "\(gain)*c\($0)" }.joined(separator: "+"), at: 0)
        }
        let arguments = ["-nostdin", "-v", "error"] + MediaContainer.hardening + [
            "-i", file.path, "-map", "0:a:0", "-ac", "1", "-ar", String(Self.waveformRate), "-af", filters.joined(separator: ","), "-f", "f32le",
            "pipe:1",
        ]
        do {
            _ = try await MediaToolRunner(stdoutLimit: 0, stderrTailBytes: 4096).run(
                ffmpegPath, arguments, timeout: .seconds(300 + Int(duration)), onData: { sink.consume($0) })
        } catch MediaToolError.failed(_, _, let stderr) {
            let reason = stderr.contains("matches no streams") ? "the file has no audio stream" : "the file could not be decoded"
            throw AppError(status: 400, code: .invalidFileType, message: reason, details: ["path": .string(file.path)])
        }
        let accumulator = sink.result
        let (peaks, rms) = accumulator.waveform(width: width)
        return Waveform(
            sourcePath: file.path, duration: (accumulator.durationSeconds * 1000).rounded() / 1000, sampleRate: Self.waveformRate, peaks: peaks,
            rms: rms, generatedAt: now)
    }

    /// Both waveforms of an analysis (`GET /v1/waveforms/analysis/{id}`).
    package func analysisWaveforms(_ identity: Identity, id: String, width: Int) async throws -> (master: Waveform, dub: Waveform) {
        let record = try await analysis(identity, id: id)
        let master = try roots.resolveFile(record.masterPath, field: "master_file")
        let dub = try roots.resolveFile(record.dubPath, field: "dub_file")
        return (
            try await waveform(orgId: record.orgId, file: master, width: width, analysisId: record.id),
            try await waveform(orgId: record.orgId, file: dub, width: width, analysisId: record.id)
        )
    }

    package struct WaveformRequest: Sendable, Codable {
        package var masterPath: String?
        package var dubPath: String?
        package var analysisId: String?
        package var forceRegenerate: Bool?
        package var width: Int?

        enum CodingKeys: String, CodingKey {
            case masterPath = "master_path", dubPath = "dub_path", analysisId = "analysis_id", forceRegenerate = "force_regenerate", width
        }
    }

    /// `POST /v1/waveforms/generate`: the master's (and the dub's, when given) waveform now.
    package func generateWaveforms(_ identity: Identity, _ request: WaveformRequest) async throws -> (master: Waveform, dub: Waveform?) {
        try requireUser(identity)
        let width = request.width ?? Self.defaultWaveformWidth
        if let analysisId = request.analysisId { _ = try await analysis(identity, id: analysisId) }
        let master = try await resolveFile(request.masterPath, field: "master_path")
        var dub: MediaRoots.Resolved?
        if let dubPath = request.dubPath { dub = try await resolveFile(dubPath, field: "dub_path") }
        let force = request.forceRegenerate ?? false
        let masterWave = try await waveform(orgId: identity.orgId, file: master, width: width, analysisId: request.analysisId, force: force)
        var dubWave: Waveform?
        if let dub { dubWave = try await waveform(orgId: identity.orgId, file: dub, width: width, analysisId: request.analysisId, force: force) }
        return (masterWave, dubWave)
    }

    /// `POST /v1/waveforms/generate-async`: checks the request, queues the work, returns the job id.
    package func queueWaveforms(_ identity: Identity, _ request: WaveformRequest) async throws -> String {
        try requireUser(identity)
        let width = request.width ?? Self.defaultWaveformWidth
        guard Self.waveformWidths.contains(width) else {
            throw AppError.validation("width must be \(Self.waveformWidths.lowerBound)–\(Self.waveformWidths.upperBound)", field: "width")
        }
        if let analysisId = request.analysisId { _ = try await analysis(identity, id: analysisId) }
        var resolved = request
        resolved.masterPath = try await resolveFile(request.masterPath, field: "master_path").path
        if let dubPath = request.dubPath { resolved.dubPath = try await resolveFile(dubPath, field: "dub_path").path }
        resolved.width = width
        return try await jobQueue.enqueue(try Self.waveformJob(orgId: identity.orgId, request: resolved))
    }

    /// The `analysis.waveforms` job for resolved paths (also queued after every analysis, so a batch moves
    /// on without waiting for them).
    static func waveformJob(orgId: UUID, request: WaveformRequest) throws -> NewJob {
        let payload = String(decoding: try JSONEncoder().encode(WaveformJobPayload(orgId: orgId.uuidString, request: request)), as: UTF8.self)
        return NewJob(kind: waveformJobKind, payload: payload, priority: 110, maxAttempts: 3)
    }

    struct WaveformJobPayload: Codable {
        var orgId: String
        var request: WaveformRequest
    }

    /// `analysis.waveforms`: the queued generation.
    package func runWaveformJob(job: Job, context: JobContext) async throws {
        guard let payload = try? JSONDecoder().decode(WaveformJobPayload.self, from: Data(job.payload.utf8)), let orgId = UUID(uuidString: payload.orgId)
        else { throw PermanentJobFailure("bad waveform payload") }
        let width = payload.request.width ?? Self.defaultWaveformWidth
        for path in [payload.request.masterPath, payload.request.dubPath].compactMap({ $0 }) {
            do {
                let file = try roots.resolveFile(path, field: "path")
                _ = try await waveform(
                    orgId: orgId, file: file, width: width, analysisId: payload.request.analysisId, force: payload.request.forceRegenerate ?? false)
            } catch let error as AppError {
                throw PermanentJobFailure(error.message)
            }
        }
    }

    package func listWaveforms(_ identity: Identity, limit: Int) async throws -> [WaveformCacheEntry] {
        try requireUser(identity)
        return try await waveforms.list(orgId: identity.orgId, limit: limit)
    }

    /// Removes the org's cached waveforms (older than `olderThanDays` when given) from index and store.
    package func clearWaveforms(_ identity: Identity, olderThanDays: Double?, now: Date = Date()) async throws -> Int {
        try requireUser(identity)
        let removed = try await waveforms.remove(orgId: identity.orgId, before: olderThanDays.map { now.addingTimeInterval(-$0 * 86_400) })
        for entry in removed {
            if let key = BlobKey(entry.key) { try? await blobStore.delete(key: key) }
        }
        return removed.count
    }

    static let waveformEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static let waveformDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}

/// The accumulator behind a lock: ffmpeg's drain thread feeds it, the caller reads it after the run.
final class WaveformSink: Sendable {
    private let state: Mutex<WaveformAccumulator>

    init(sampleRate: Int) {
        state = Mutex(WaveformAccumulator(sampleRate: sampleRate))
    }

    func consume(_ data: Data) { state.withLock { $0.consume(data) } }
    var result: WaveformAccumulator { state.withLock { $0 } }
}
