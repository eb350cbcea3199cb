import BackendCore
import Foundation
import HTTPTypes
import Hummingbird

/// The reviewer app: `index.html` at `/`, its other files at `/app/…`, from memory, with the security
/// headers and ETag revalidation (`no-cache`: a new build's files are fetched at once, an unchanged file
/// costs a 304).
struct WebAppController {
    let catalog: WebAssetCatalog
    let security: WebSecurityHeaders

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/") { request, _ -> Response in
            try serve("index.html", request)
        }
        router.get("/app/**") { request, context -> Response in
            try serve(context.parameters.getCatchAll().joined(separator: "/"), request)
        }
    }

    func serve(_ path: String, _ request: Request) throws -> Response {
        guard let asset = catalog[path] else { throw AppError.notFound("app file") }
        var headers: HTTPFields = [.contentType: asset.contentType, .cacheControl: "no-cache", .eTag: asset.etag]
        security.apply(to: &headers)
        if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: {
            $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "W/", with: "") == asset.etag
        }) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = "\(asset.body.count)"
        if request.method == .head { return Response(status: .ok, headers: headers) }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: asset.body)))
    }
}
