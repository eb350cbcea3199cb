import Foundation

/// Seed 002's file ids: every file listed or uploaded gets a row mapping its id to its real path, so
/// `file_…` ids work wherever a path does. Uploads also keep their org, description and tags.
package protocol AnalyzerFileRepository: Sendable {
    /// Records `paths` (id → real path) if not known yet.
    func register(_ entries: [(id: String, path: String)]) async throws
    /// Records an upload (replacing nothing: its path is new).
    func insertUpload(id: String, path: String, orgId: UUID, description: String?, tags: [String], fileType: String?) async throws
    /// The path and upload notes of an id.
    func file(id: String) async throws -> (path: String, description: String?, tags: [String])?
    /// Upload notes by path, for a listing.
    func notes(paths: [String]) async throws -> [String: (description: String?, tags: [String])]
}
