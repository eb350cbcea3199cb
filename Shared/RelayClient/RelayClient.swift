import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import RelayAPI

/// The typed client of the Relay backend used by the agent (and by tests): one method per operation,
/// JSON in and out as the `RelayAPI` wire types, the error envelope turned into `RelayClientError`, bearer
/// token when set. Stateless and `Sendable`; the caller owns the token.
package struct RelayClient: Sendable {
    /// e.g. `https://relay.example.com` (no trailing slash needed).
    package let baseURL: String
    package var accessToken: String?
    let http: HTTPClient
    /// Deadline of one API call. AsyncHTTPClient keeps retrying a refused connection until then, so this
    /// is also how long "backend unreachable" takes to surface.
    package var timeout: TimeAmount
    /// Told the server's time by every answer's `Date` header (the agent judges the server's deadlines by it).
    package var clock: ServerClock?

    package init(
        baseURL: String, accessToken: String? = nil, httpClient: HTTPClient = .shared,
        timeout: TimeAmount = .seconds(10), clock: ServerClock? = nil
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.accessToken = accessToken
        self.http = httpClient
        self.timeout = timeout
        self.clock = clock
    }

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    // MARK: Health

    package func health() async throws -> HealthResponse { try await send(.GET, "/v1/health") }
    package func ready() async throws -> HealthResponse { try await send(.GET, "/v1/ready") }

    /// The server's clock (its `Date` header on `/v1/health`) and how long the round trip took, for
    /// `doctor`'s clock-skew check.
    package func serverClock() async throws -> (date: Date?, roundTrip: TimeInterval) {
        let request = HTTPClientRequest(url: baseURL + "/v1/health")
        let started = Date()
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: timeout)
            _ = try await response.body.collect(upTo: 1 << 20)
        } catch {
            throw RelayClientError.unreachable(path: "/v1/health", underlying: error)
        }
        clock?.observe(dateHeader: response.headers.first(name: "Date"))
        return (response.headers.first(name: "Date").flatMap(ServerClock.parse), Date().timeIntervalSince(started))
    }

    // MARK: Identity

    /// Enrolls or refreshes a device (`POST /v1/auth/device`).
    package func deviceAuth(_ request: DeviceAuthRequest) async throws -> DeviceAuthResponse {
        try await send(.POST, "/v1/auth/device", body: request)
    }

    /// Who the token belongs to (`GET /v1/auth/me`).
    package func me() async throws -> MeResponse { try await send(.GET, "/v1/auth/me") }

    // MARK: Capture (seed 001)

    /// Creates a capture session (`POST /v1/sessions`). With an idempotency key, a repeated call returns
    /// the session the first one made.
    package func createSession(_ request: CreateSessionRequest, idempotencyKey: String? = nil) async throws
        -> CaptureSession
    {
        try await send(.POST, "/v1/sessions", body: request, headers: Self.idempotency(idempotencyKey))
    }

    /// Where to `PUT` a photo's bytes (`POST /v1/presign`).
    package func presign(_ request: PresignRequest) async throws -> PresignResponse {
        try await send(.POST, "/v1/presign", body: request)
    }

    /// Posts events as one batch (all accepted or none).
    package func postEvents(_ events: [EventInput]) async throws -> EventsAccepted {
        try await send(.POST, "/v1/events", body: EventBatch(events: events))
    }

    struct EventBatch: Encodable {
        let events: [EventInput]
    }

    // MARK: Multicam uploads (seed 000)

    /// Creates a recording session (`POST /v2/sessions`). With an idempotency key, a repeated call returns
    /// the session the first one made.
    package func createMulticamSession(_ request: CreateMulticamSessionRequest, idempotencyKey: String? = nil)
        async throws -> MulticamSession
    {
        try await send(.POST, "/v2/sessions", body: request, headers: Self.idempotency(idempotencyKey))
    }

    /// Opens (or renews the part URLs of) a camera's multipart upload.
    package func initUpload(sessionId: String, _ request: InitUploadRequest) async throws -> MultipartGrant {
        try await send(.POST, "/v2/sessions/\(Self.segment(sessionId))/assets/init-upload", body: request)
    }

    /// The parts the store holds so far of an asset's open upload.
    package func acceptedParts(sessionId: String, assetId: String) async throws -> AcceptedParts {
        try await send(.GET, "/v2/sessions/\(Self.segment(sessionId))/assets/\(Self.segment(assetId))/parts")
    }

    /// Assembles the parts and queues the asset's ingestion.
    package func completeUpload(sessionId: String, assetId: String, _ request: CompleteUploadRequest) async throws
        -> CompletedUpload
    {
        try await send(
            .POST, "/v2/sessions/\(Self.segment(sessionId))/assets/\(Self.segment(assetId))/complete", body: request)
    }

    // MARK: Transport

    static func idempotency(_ key: String?) -> [String: String] { key.map { ["Idempotency-Key": $0] } ?? [:] }

    /// An id as one path segment: ids are server-made, but a stray `/` or `?` must not change the path.
    static func segment(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#")))
            ?? id
    }

    /// Sends a JSON request and decodes the answer; non-2xx answers throw `RelayClientError`.
    func send<Response: Decodable>(_ method: HTTPMethod, _ path: String) async throws -> Response {
        try await send(method, path, body: Optional<EmptyBody>.none)
    }

    func send<Body: Encodable, Response: Decodable>(
        _ method: HTTPMethod, _ path: String, body: Body?, headers: [String: String] = [:]
    ) async throws -> Response {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let accessToken { request.headers.add(name: "Authorization", value: "Bearer \(accessToken)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try Self.encoder.encode(body)))
        }
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await http.execute(request, timeout: timeout)
            // A connection reset while the body comes is as unreachable as one before the head.
            bytes = try await response.body.collect(upTo: 16 << 20)
        } catch let error as NIOTooManyBytesError {
            throw RelayClientError.badResponse(path: path, underlying: error)
        } catch is CancellationError {
            throw CancellationError()  // a shutdown, not an outage
        } catch {
            throw RelayClientError.unreachable(path: path, underlying: error)
        }
        clock?.observe(dateHeader: response.headers.first(name: "Date"))
        let data = Data(bytes.readableBytesView)
        guard (200..<300).contains(response.status.code) else {
            throw RelayClientError.http(
                status: Int(response.status.code), envelope: try? Self.decoder.decode(ErrorEnvelope.self, from: data),
                retryAfter: response.headers.first(name: "Retry-After").flatMap(Int.init))
        }
        do {
            return try Self.decoder.decode(Response.self, from: data)
        } catch {
            throw RelayClientError.badResponse(path: path, underlying: error)
        }
    }

    struct EmptyBody: Encodable {}
}
