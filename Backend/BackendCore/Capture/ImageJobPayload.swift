import Foundation

/// The payload of an `image.process` job: `{"image_id":"…"}`.
package enum ImageJobPayload {
    package static func imageId(_ payload: String) -> UUID? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any],
            let text = object["image_id"] as? String
        else { return nil }
        return UUID(uuidString: text)
    }
}
