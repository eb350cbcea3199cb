import Foundation

/// A client's file name as a printable label: last path component, control characters removed, at most
/// 255 characters. Never used as a path or key.
enum ClientFileName {
    static func label(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        return String(String(last.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }.map(Character.init)).prefix(255))
    }
}
