import BackendCore
import Foundation
import Hummingbird
import RelayAPI

/// `limit` (default 50, 1–100) and `offset` (≥ 0) query parameters and the `{data,total,limit,offset,has_more}`
/// answer (DESIGN §1).
struct Page {
    let limit: Int
    let offset: Int

    init(_ request: Request) throws {
        let query = request.uri.queryParameters
        limit = try Self.int(query["limit"].map(String.init), name: "limit", default: 50, range: 1...100)
        offset = try Self.int(query["offset"].map(String.init), name: "offset", default: 0, range: 0...Int(Int32.max))
    }

    func response<Row>(_ rows: [Row], total: Int) -> PageResponse<Row> {
        PageResponse(data: rows, total: total, limit: limit, offset: offset, hasMore: offset + rows.count < total)
    }

    static func int(_ text: String?, name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw AppError.validation("\(name) must be an integer in \(range.lowerBound)...\(range.upperBound)", field: name)
        }
        return number
    }

    /// An optional UUID query parameter.
    static func uuid(_ request: Request, _ name: String) throws -> UUID? {
        guard let text = request.uri.queryParameters[Substring(name)] else { return nil }
        guard let id = UUID(uuidString: String(text)) else { throw AppError.validation("\(name) must be a UUID", field: name) }
        return id
    }

    /// An optional enum query parameter.
    static func choice<T: RawRepresentable & CaseIterable>(_ request: Request, _ name: String, _ type: T.Type) throws -> T?
    where T.RawValue == String {
        guard let text = request.uri.queryParameters[Substring(name)] else { return nil }
        guard let value = T(rawValue: String(text)) else {
            throw AppError.validation("\(name) must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))", field: name)
        }
        return value
    }
}
