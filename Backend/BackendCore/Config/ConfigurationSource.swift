import Foundation
import RelayAPI

/// Merges configuration from defaults, a JSON file, the environment and command-line flags — later ones
/// win — into one flat key/value map with documented keys (`port`, `database_url`, …).
///
/// Environment variables are the keys upper-cased with a `RELAY_` prefix (`RELAY_DATABASE_URL`). The file
/// (`--config FILE` or `RELAY_CONFIG`) is a JSON object with the same lowercase keys.
package struct ConfigurationSource: Sendable {
    /// The merged values by lowercase key.
    package private(set) var values: [String: String]

    package init(values: [String: String] = [:]) {
        self.values = values
    }

    /// Loads file (if any), then environment, then `overrides` (CLI flags that were given).
    package static func load(
        file: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        overrides: [String: String] = [:]
    ) throws -> ConfigurationSource {
        var values: [String: String] = [:]
        if let path = file ?? environment["RELAY_CONFIG"] {
            values.merge(try readFile(path)) { $1 }
        }
        for (name, value) in environment where name.hasPrefix("RELAY_") && name != "RELAY_CONFIG" {
            values[String(name.dropFirst(6)).lowercased()] = value
        }
        values.merge(overrides) { $1 }
        return ConfigurationSource(values: values)
    }

    static func readFile(_ path: String) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError("cannot read configuration file \(path)")
        }
        guard let object = try? JSONDecoder().decode([String: JSONValue].self, from: data) else {
            throw ConfigurationError("configuration file \(path) is not a JSON object")
        }
        var values: [String: String] = [:]
        for (key, value) in object {
            switch value {
            case .string(let string): values[key.lowercased()] = string
            case .bool(let bool): values[key.lowercased()] = bool ? "true" : "false"
            case .number(let number):
                values[key.lowercased()] = number == number.rounded() && abs(number) < 1e15
                    ? String(Int64(number)) : String(number)
            default: throw ConfigurationError("configuration key \(key) must be a string, number or boolean")
            }
        }
        return values
    }

    /// The raw value, if set and not empty.
    package func string(_ key: String) -> String? {
        guard let value = values[key], !value.isEmpty else { return nil }
        return value
    }

    /// An integer within `range`, or `defaultValue` when unset.
    package func int(_ key: String, default defaultValue: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = string(key) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError("\(key) must be an integer in \(range.lowerBound)...\(range.upperBound), got \(text)")
        }
        return value
    }

    /// `true`/`false` (also `1`/`0`, as a JSON file's booleans and numbers arrive), or `defaultValue` when unset.
    package func bool(_ key: String, default defaultValue: Bool) throws -> Bool {
        guard let text = string(key) else { return defaultValue }
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw ConfigurationError("\(key) must be true or false, got \(text)")
        }
    }

    /// One of `allowed`, or `defaultValue` when unset.
    package func choice(_ key: String, default defaultValue: String, allowed: [String]) throws -> String {
        guard let value = string(key) else { return defaultValue }
        guard allowed.contains(value) else {
            throw ConfigurationError("\(key) must be one of \(allowed.joined(separator: ", ")), got \(value)")
        }
        return value
    }
}

/// A configuration value that is missing or malformed; the message names the key.
package struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}
