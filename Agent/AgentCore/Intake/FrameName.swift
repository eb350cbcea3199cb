import Foundation

/// The frame a studio360 photo is of, by its file name: the name without its extension, case and a
/// reshoot suffix, so that `IMG_0005.jpg`, `IMG_0005 (2).jpg`, `img_0005-reshoot.JPG` and
/// `IMG_0005_retake2.jpg` are one frame. Turntable software saves a reshot angle under its frame's name
/// (over the old file, or with such a suffix); a file whose frame was already queued in its session
/// replaces that frame instead of taking the next angle.
package enum FrameName {
    /// Suffixes that mark a second take of the same frame (after `_`, `-` or a space, optionally
    /// followed by digits).
    static let reshootWords = ["reshoot", "retake", "redo"]

    package static func of(fileName: String) -> String {
        var stem = (fileName as NSString).deletingPathExtension.lowercased()
        // ` (2)`, `(2)`: what file managers and tethering software add to a repeated name.
        if stem.hasSuffix(")"), let open = stem.lastIndex(of: "("),
            stem[stem.index(after: open)..<stem.index(before: stem.endIndex)].allSatisfy(\.isNumber),
            stem.index(after: open) < stem.index(before: stem.endIndex)
        {
            stem = String(stem[..<open]).trimmingCharacters(in: .whitespaces)
        }
        for word in reshootWords {
            var trimmed = Substring(stem)
            while let last = trimmed.last, last.isNumber { trimmed = trimmed.dropLast() }
            guard trimmed.hasSuffix(word) else { continue }
            let head = trimmed.dropLast(word.count)
            if let separator = head.last, "_- ".contains(separator) {
                stem = String(head.dropLast())
                break
            }
        }
        return stem
    }
}
