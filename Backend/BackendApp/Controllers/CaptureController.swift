import BackendCore
import Foundation
import HTTPTypes
import Hummingbird
import RelayAPI

/// `POST /v1/presign`, `/v1/events`, `/v1/images` (seed 001).
struct CaptureController {
    let capture: CaptureService

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("presign") { request, context -> PresignResponse in
            try await capture.presign(context.requireIdentity(), request.decodeJSON(as: PresignRequest.self, context: context))
        }
        group.post("events") { request, context -> EditedResponse<EventsAccepted> in
            let accepted = try await capture.ingestEvents(context.requireIdentity(), request.decodeJSON(as: EventsRequest.self, context: context))
            return .init(status: .created, response: EventsAccepted(accepted: accepted))
        }
        group.get("events") { request, context -> DataList<CaptureEvent> in
            let identity = try context.requireIdentity()
            guard let entityId = try Page.uuid(request, "entity_id") else { throw AppError.validation("entity_id is required", field: "entity_id") }
            let events = try await capture.events(identity, entityId: entityId)
            return DataList(data: events.map(CaptureDTO.event))
        }
        group.get("images") { request, context -> CaptureImageList in
            let identity = try context.requireIdentity()
            guard !identity.isDevice else { throw AppError(status: 403, code: APIErrorCode.forbidden, message: "listing images needs a user token") }
            guard let sessionId = try Page.uuid(request, "session_id") else {
                throw AppError.validation("session_id is required", field: "session_id")
            }
            let images = try await capture.images(identity, sessionId: sessionId, status: try Page.choice(request, "status", ImageRecord.Status.self))
            var rows = images.map(CaptureDTO.image)
            switch request.uri.queryParameters["include"] {
            case nil: break
            case "urls":
                // Signing is local (no store round trip), so a 36-frame spin costs microseconds.
                for index in rows.indices {
                    let urls = try await capture.downloadURLs(images[index])
                    rows[index].thumbUrls = urls.thumbnails
                    rows[index].originalUrl = urls.original
                }
            case let other?:
                throw AppError.validation("include must be urls (got \(other.prefix(40)))", field: "include")
            }
            return CaptureImageList(data: rows, total: images.count)
        }
        group.get("images/:id") { _, context -> CaptureImageDetail in
            let identity = try context.requireIdentity()
            guard !identity.isDevice else { throw AppError(status: 403, code: APIErrorCode.forbidden, message: "image details need a user token") }
            let image = try await capture.accessibleImage(identity, id: try context.pathID(.imageNotFound))
            let urls = try await capture.downloadURLs(image)
            return CaptureDTO.imageDetail(image, original: urls.original, thumbnails: urls.thumbnails)
        }
        group.post("images/:id/publish") { _, context -> PublishedImage in
            let identity = try context.requireIdentity()
            let image = try await capture.publish(identity, imageId: try context.pathID(.imageNotFound))
            return PublishedImage(id: CaptureDTO.id(image.id), status: image.status.rawValue, publishedAt: image.publishedAt)
        }
    }
}

extension PresignResponse: ResponseEncodable {}
extension EventsAccepted: ResponseEncodable {}
