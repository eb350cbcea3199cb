import Foundation
import HTTPTypes
import Hummingbird

extension Request {
    /// The value of the cookie `name` (the last non-empty one when repeated), or nil.
    func cookie(named name: String) -> String? {
        var found: String?
        for field in headers[values: .cookie] {
            for pair in field.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name {
                    let value = parts[1].trimmingCharacters(in: .whitespaces)
                    if !value.isEmpty { found = value }
                }
            }
        }
        return found
    }
}
