import BackendApp
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport
import Yams

/// The served OpenAPI document is valid YAML for OpenAPI 3 and lists exactly the routes the server has.
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    static let methods = ["get", "put", "post", "patch", "delete", "head", "options"]

    /// `/v1/blobs/**` → `/v1/blobs/{key}`; `:id` → `{id}`.
    static func openAPIPath(_ routerPath: String) -> String {
        routerPath.split(separator: "/").map { segment -> String in
            if segment == "**" { return "{key}" }
            if segment.hasPrefix(":") { return "{\(segment.dropFirst())}" }
            return String(segment)
        }.reduce("") { $0 + "/" + $1 }.nonEmpty ?? "/"
    }

    @Test("served, valid, and in step with the router")
    func document() async throws {
        try await TestApp.with("sqlite") { _, router in
            let registered = Set(router.routes.map { "\($0.method.rawValue.lowercased()) \(Self.openAPIPath($0.path.description))" })
            try await TestApp.application(router).test(.router) { client in
                try await client.execute(uri: "/v1/openapi.yaml", method: .get) { response in
                    #expect(response.status == .ok)
                    let text = String(buffer: response.body)
                    let document = try #require(try Yams.load(yaml: text) as? [String: Any])
                    #expect((document["openapi"] as? String)?.hasPrefix("3.") == true)
                    let info = try #require(document["info"] as? [String: Any])
                    #expect(info["title"] != nil && info["version"] != nil)
                    let paths = try #require(document["paths"] as? [String: Any])
                    var documented = Set<String>()
                    for (path, item) in paths {
                        let operations = try #require(item as? [String: Any])
                        for method in Self.methods {
                            guard let operation = operations[method] as? [String: Any] else { continue }
                            documented.insert("\(method) \(path)")
                            let responses = try #require(operation["responses"] as? [String: Any], "\(method) \(path) has no responses")
                            #expect(!responses.isEmpty)
                            #expect(operation["operationId"] is String, "\(method) \(path) has no operationId")
                        }
                    }
                    #expect(registered.subtracting(documented).isEmpty, "routes missing from the document: \(registered.subtracting(documented).sorted())")
                    #expect(documented.subtracting(registered).isEmpty, "documented routes the server lacks: \(documented.subtracting(registered).sorted())")
                    // Every $ref points at something that exists.
                    let components = document["components"] as? [String: Any] ?? [:]
                    for ref in Self.refs(in: document) {
                        let parts = ref.dropFirst(2).split(separator: "/").map(String.init)
                        #expect(parts.first == "components", "bad ref \(ref)")
                        let section = components[parts[1]] as? [String: Any]
                        #expect(section?[parts[2]] != nil, "dangling ref \(ref)")
                    }
                }
            }
        }
    }

    static func refs(in value: Any) -> [String] {
        if let dictionary = value as? [String: Any] {
            return dictionary.flatMap { key, value in key == "$ref" ? [value as? String ?? ""] : refs(in: value) }
        }
        if let array = value as? [Any] { return array.flatMap { refs(in: $0) } }
        return []
    }
}

extension String {
    /// Nil when empty (the root path has no segments).
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
