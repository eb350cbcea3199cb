import AgentCore
import Foundation
import GRDB

/// Places studio360 frames in their session's capture order. A new frame takes the next place after
/// every frame queued in the session so far (forgetting an item or a superseded fragment does not shift
/// the frames after it); a file whose frame name (`FrameName`) matches a frame already queued in the
/// session — a reshoot saved under the frame's name — takes that frame's place and is marked a reshoot.
/// Places past `frame_count` (a second turn) are reshoots of the first turn's angles.
///
/// A frame replaced before it was presigned is not sent at all: it is set aside as rejected, with the
/// reshoot named (its file is kept), so the backend never sees two takes of an angle racing each other.
enum Frames {
    static func place(path: String, sessionKey: String, frameCount: Int, now: Date, _ db: Database) throws -> (index: Int, reshoot: Bool) {
        let name = FrameName.of(fileName: (path as NSString).lastPathComponent)
        var next = 0
        var match: Int?
        var replaced: [String] = []
        for row in try Row.fetchAll(
            db,
            sql: "SELECT id, path, frame_index, image_id, state FROM uploads WHERE session_key = ? AND frame_index IS NOT NULL ORDER BY frame_index",
            arguments: [sessionKey])
        {
            let index: Int = row["frame_index"]
            next = max(next, index + 1)
            guard FrameName.of(fileName: ((row["path"] as String) as NSString).lastPathComponent) == name else { continue }
            match = match ?? index
            let state: String = row["state"]
            if (row["image_id"] as String?) == nil, [UploadState.discovered.rawValue, UploadState.qcDone.rawValue].contains(state) {
                replaced.append(row["id"])
            }
        }
        guard let match else { return (next, next >= frameCount) }
        for id in replaced {
            try db.execute(
                sql: "UPDATE uploads SET state = 'rejected', last_error = ?, updated_at = ? WHERE id = ?",
                arguments: ["replaced by the reshoot \(path) before it was sent", now.timeIntervalSince1970, id])
        }
        return (match, true)
    }
}
