import Foundation
import Hummingbird
import NIOCore

/// `GET /v1/openapi.yaml`: the OpenAPI 3 document of every route, shipped as a resource.
struct OpenAPIController {
    /// The document's text, read once from the bundle.
    static let document: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "" }
        return text
    }()

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/v1/openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: Self.document)))
        }
    }
}
