import Foundation
import Logging
import RelayAPI

/// Seed 002, the audio sync analyzer: browsing and uploading into the media roots, and analyses run by
/// the job worker on the RelaySync engine.
///
/// Media roots are shared storage of the server, visible to every signed-in user of every org (not to
/// devices); analyses, uploads' notes and the job registry belong to the caller's org.
package struct AnalyzerService: Sendable {
    package let repository: any AnalysisRepository
    package let files: any AnalyzerFileRepository
    package let batches: any AnalysisBatchRepository
    package let queues: any AnalyzerQueueRepository
    package let waveforms: any WaveformRepository
    package let blobStore: any BlobStore
    /// The data directory, whose disk the dashboard reports.
    package let dataDir: String
    package let roots: MediaRoots
    package let probe: AnalyzerMediaProbe
    package let jobQueue: any JobQueue
    package let configuration: AnalyzerConfiguration
    let ffmpegPath: String
    let logger: Logger

    package static let syncJobKind = "analysis.sync"
    package static let webhookJobKind = "analysis.batch-webhook"
    package static let waveformJobKind = "analysis.waveforms"
    /// Uploads go to `{first root}/uploads`; bodies arrive in its hidden `.incoming` folder first.
    package static let uploadsFolderName = "uploads"

    package init(
        repository: any AnalysisRepository, files: any AnalyzerFileRepository, batches: any AnalysisBatchRepository,
        queues: any AnalyzerQueueRepository, waveforms: any WaveformRepository, blobStore: any BlobStore, dataDir: String,
        configuration: AnalyzerConfiguration,
        jobQueue: any JobQueue, ffmpegPath: String, ffprobePath: String, logger: Logger
    ) throws {
        self.repository = repository
        self.files = files
        self.batches = batches
        self.queues = queues
        self.waveforms = waveforms
        self.blobStore = blobStore
        self.dataDir = dataDir
        self.configuration = configuration
        self.jobQueue = jobQueue
        self.ffmpegPath = ffmpegPath
        self.logger = logger
        roots = try MediaRoots(paths: configuration.mediaRoots)
        probe = AnalyzerMediaProbe(ffprobe: ffprobePath)
    }

    /// Where upload bodies are streamed (same filesystem as the uploads folder, so the final move is a link).
    package var incomingFolder: URL {
        URL(fileURLWithPath: roots.roots[0]).appendingPathComponent(Self.uploadsFolderName).appendingPathComponent(".incoming")
    }

    /// Users only: a studio device has no business on shared storage.
    package func requireUser(_ identity: Identity) throws {
        guard !identity.isDevice else {
            throw AppError(status: 403, code: APIErrorCode.forbidden, message: "the analyzer is for users, not devices")
        }
    }

    // MARK: Files

    /// One page of the folder `path` (default: the first root): folders first, then files, by name.
    package func list(_ identity: Identity, path: String?, limit: Int, offset: Int) async throws
        -> (folder: MediaRoots.Resolved, entries: [AnalyzerEntry], total: Int)
    {
        try requireUser(identity)
        let folder = try roots.resolve(path)
        guard folder.isDirectory else {
            throw AppError(
                status: 400, code: .invalidFileType, message: "path is a file; list its folder or validate the file",
                details: ["field": .string("path")])
        }
        var all: [(name: String, path: String, isDirectory: Bool, attributes: [FileAttributeKey: Any])] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where !name.hasPrefix(".") {
            let full = folder.path + "/" + name
            guard let real = MediaRoots.realPath(full), roots.roots.contains(where: { MediaRoots.isInside(real, root: $0) }),
                let attributes = try? FileManager.default.attributesOfItem(atPath: real)
            else { continue }  // a dangling link, or one leaving the roots: not shown
            let type = attributes[.type] as? FileAttributeType
            guard type == .typeDirectory || type == .typeRegular else { continue }
            all.append((name, full == real ? full : real, type == .typeDirectory, attributes))
        }
        all.sort { ($0.isDirectory ? 0 : 1, $0.name) < ($1.isDirectory ? 0 : 1, $1.name) }
        let page = Array(all.dropFirst(offset).prefix(limit))
        var entries = page.map { item in
            AnalyzerEntry(
                id: AnalyzerEntry.fileId(path: item.path), name: item.name, path: item.path, isDirectory: item.isDirectory,
                size: (item.attributes[.size] as? NSNumber)?.int64Value ?? 0, createdAt: item.attributes[.creationDate] as? Date,
                modifiedAt: item.attributes[.modificationDate] as? Date,
                itemCount: item.isDirectory ? ((try? FileManager.default.contentsOfDirectory(atPath: item.path))?.filter { !$0.hasPrefix(".") }.count ?? 0) : nil)
        }
        // ffprobe the page's media files, four at a time (cached by path, size and time).
        let probe = self.probe
        let media = try await withThrowingTaskGroup(of: (Int, AnalyzerMediaInfo).self) { group in
            var results: [Int: AnalyzerMediaInfo] = [:]
            var running = 0
            for (index, entry) in entries.enumerated() where !entry.isDirectory && AnalyzerMediaInfo.typeByExtension(entry.name) != "unknown" {
                if running == 4, let (i, info) = try await group.next() {
                    results[i] = info
                    running -= 1
                }
                group.addTask { (index, await probe.info(path: entry.path, size: entry.size, modified: entry.modifiedAt ?? .distantPast)) }
                running += 1
            }
            for try await (i, info) in group { results[i] = info }
            return results
        }
        for (index, info) in media { entries[index].media = info }
        let filesOnPage = entries.filter { !$0.isDirectory }
        try await files.register(filesOnPage.map { ($0.id, $0.path) })
        let notes = try await files.notes(paths: filesOnPage.map(\.path))
        for index in entries.indices {
            if let note = notes[entries[index].path] {
                entries[index].description = note.description
                entries[index].tags = note.tags
            }
        }
        return (folder, entries, all.count)
    }

    /// A path or `file_…` id as a regular file inside the roots.
    package func resolveFile(_ text: String?, field: String) async throws -> MediaRoots.Resolved {
        if let text, Self.isFileId(text) {
            guard let known = try await files.file(id: text) else {
                throw AppError(status: 404, code: .fileNotFound, message: "\(field) names no known file id", details: ["field": .string(field)])
            }
            return try roots.resolveFile(known.path, field: field)
        }
        return try roots.resolveFile(text, field: field)
    }

    /// `file_` and 24 lowercase hex digits (a file literally named so is still reachable by its path with a
    /// folder, e.g. `./file_…`).
    package static func isFileId(_ text: String) -> Bool {
        text.utf8.count == 29 && text.hasPrefix("file_") && text.utf8.dropFirst(5).allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// The file with everything ffprobe says, and whether it can be analysed.
    package func validate(_ identity: Identity, path: String?) async throws -> (entry: AnalyzerEntry, reasons: [String]) {
        try requireUser(identity)
        let file = try await resolveFile(path, field: "path")
        let entry = try await describe(file)
        var reasons: [String] = []
        if let problem = entry.media?.problem { reasons.append(problem) }
        if let duration = entry.media?.durationSeconds, duration > Double(configuration.maxDurationSeconds) {
            reasons.append("the file is \(Int(duration)) s long; this server analyses at most \(configuration.maxDurationSeconds) s")
        }
        if entry.size == 0 { reasons.append("the file is empty") }
        return (entry, reasons)
    }

    /// Stat + probe + id of one resolved file.
    func describe(_ file: MediaRoots.Resolved) async throws -> AnalyzerEntry {
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        var entry = AnalyzerEntry(
            id: AnalyzerEntry.fileId(path: file.path), name: (file.path as NSString).lastPathComponent, path: file.path, isDirectory: false,
            size: (attributes[.size] as? NSNumber)?.int64Value ?? 0, createdAt: attributes[.creationDate] as? Date,
            modifiedAt: attributes[.modificationDate] as? Date, itemCount: nil)
        entry.media = await probe.info(path: file.path, size: entry.size, modified: entry.modifiedAt ?? .distantPast)
        try await files.register([(entry.id, entry.path)])
        if let note = try await files.notes(paths: [entry.path])[entry.path] {
            entry.description = note.description
            entry.tags = note.tags
        }
        return entry
    }

    /// Moves a received upload into `{first root}/uploads` under its client name made safe, never over an
    /// existing file (`name (1).ext`, … on a clash), and records its notes.
    package func storeUpload(
        _ identity: Identity, received: URL, clientName: String, fileType: String?, description: String?, tags: [String]
    ) async throws -> AnalyzerEntry {
        try requireUser(identity)
        if let fileType, !["audio", "video", "unknown"].contains(fileType) {
            throw AppError.validation("file_type must be audio, video or unknown", field: "file_type")
        }
        if let description, description.utf8.count > 2000 { throw AppError.validation("description is longer than 2,000 bytes", field: "description") }
        guard tags.count <= 32, tags.allSatisfy({ $0.utf8.count <= 64 }) else {
            throw AppError.validation("at most 32 tags of at most 64 bytes", field: "tags")
        }
        let folder = URL(fileURLWithPath: roots.roots[0]).appendingPathComponent(Self.uploadsFolderName)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let safe = Self.safeFileName(clientName)
        let stem = (safe as NSString).deletingPathExtension, ext = (safe as NSString).pathExtension
        var target = ""
        for attempt in 0..<10_000 {
            let name = attempt == 0 ? safe : "\(stem) (\(attempt))" + (ext.isEmpty ? "" : ".\(ext)")
            let candidate = folder.appendingPathComponent(name).path
            // link(2) never replaces an existing name: two uploads of one name both keep their bytes.
            if link(received.path, candidate) == 0 {
                target = candidate
                break
            }
            if errno == EEXIST { continue }
            // A filesystem without hard links (some network shares): reserve the name with O_EXCL, then
            // rename onto the reservation, which is ours.
            guard errno == EPERM || errno == ENOTSUP || errno == EXDEV || errno == EMLINK else {
                throw AppError.unavailable("cannot store the upload in the media root")
            }
            let reservation = open(candidate, O_CREAT | O_EXCL | O_WRONLY, 0o644)
            if reservation < 0 {
                if errno == EEXIST { continue }
                throw AppError.unavailable("cannot store the upload in the media root")
            }
            close(reservation)
            guard rename(received.path, candidate) == 0 else {
                unlink(candidate)
                throw AppError.unavailable("cannot store the upload in the media root")
            }
            target = candidate
            break
        }
        guard !target.isEmpty else { throw AppError.conflict("too many files named \(safe)") }
        unlink(received.path)
        let resolved = try roots.resolveFile(target, field: "file")
        let id = AnalyzerEntry.fileId(path: resolved.path)
        try await files.insertUpload(
            id: id, path: resolved.path, orgId: identity.orgId, description: description, tags: tags, fileType: fileType)
        return try await describe(resolved)
    }

    /// A client's name as one safe path component: letters, digits, `.`, `_`, `-`, space and `()`; no
    /// leading dot; at most 200 bytes; `upload` when nothing is left.
    package static func safeFileName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var kept = String(last.unicodeScalars.map { scalar -> Character in
            CharacterSet.alphanumerics.contains(scalar) || "._- ()".unicodeScalars.contains(scalar) ? Character(scalar) : "_"
        })
        while kept.hasPrefix(".") || kept.hasPrefix(" ") { kept.removeFirst() }
        while kept.utf8.count > 200 { kept.removeLast() }
        kept = kept.trimmingCharacters(in: .whitespaces)
        return kept.isEmpty ? "upload" : kept
    }
}
