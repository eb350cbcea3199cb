import Foundation

/// A configuration the agent cannot use; the description names the file and the key.
package enum ConfigurationError: Error, CustomStringConvertible {
    /// The file cannot be read.
    case unreadable(file: URL)
    /// The text is not a JSON object.
    case notAnObject(source: String)
    /// A key is unknown or its value is out of range or of the wrong kind.
    case invalid(source: String, key: String, problem: String)

    package var description: String {
        switch self {
        case .unreadable(let file): "cannot read the configuration \(file.path)"
        case .notAnObject(let source): "\(source) is not a JSON object"
        case .invalid(let source, let key, let problem): "\(source): \(key) \(problem)"
        }
    }
}
