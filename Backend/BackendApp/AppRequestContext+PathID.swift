import BackendCore
import Foundation
import RelayAPI

extension AppRequestContext {
    /// The `:id` path parameter as a UUID. A malformed id cannot name anything, so it answers like an
    /// unknown one: 404 with `code` (no 400 that would let callers tell ids apart).
    func pathID(_ code: APIErrorCode, parameter: String = "id") throws -> UUID {
        guard let text = parameters.get(parameter), let id = UUID(uuidString: text) else {
            throw AppError(status: 404, code: code, message: "not found")
        }
        return id
    }
}
