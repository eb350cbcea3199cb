import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import RelayAPI

extension AnalyzerService {
    /// The body POSTed when a batch finishes.
    package struct BatchWebhookBody: Sendable, Codable, Equatable {
        package var event = "batch.completed"
        package var batchId: String
        package var status: String
        package var itemsTotal: Int
        package var itemsCompleted: Int
        package var itemsFailed: Int
        package var resultsURL: String
        package var timestamp: String

        enum CodingKeys: String, CodingKey {
            case event, batchId = "batch_id", status, itemsTotal = "items_total", itemsCompleted = "items_completed"
            case itemsFailed = "items_failed", resultsURL = "results_url", timestamp
        }
    }

    /// A client that never follows redirects: a public webhook answering 3xx towards an internal address
    /// must not lead the server there (a 3xx is a failed delivery, retried). Process-wide, never shut down.
    static let webhookClient = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))

    /// The `X-Relay-Signature` of `body` under `secret`: `sha256=` and the hex HMAC-SHA256.
    package static func webhookSignature(body: Data, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// `analysis.batch-webhook`: POSTs the batch's outcome once, signed, within 10 s; anything but 2xx is
    /// retried with the job queue's backoff (6 attempts), after which the batch's `webhook_state` is
    /// `failed`. The URL is checked against the policy again first.
    package func deliverWebhook(job: Job, context: JobContext) async throws {
        guard let id = Self.batchId(job.payload) else { throw PermanentJobFailure("payload has no batch_id") }
        guard let batch = try await batches.batch(id: id), let target = batch.webhookURL, let secret = batch.webhookSecret,
            batch.webhookState == "pending"
        else { return }
        do {
            let url = try WebhookPolicy.check(target, allowPrivate: configuration.webhookAllowPrivate)
            let analyses = try await repository.analyses(batchId: id, orgId: batch.orgId)
            let body = BatchWebhookBody(
                batchId: id, status: batch.status.rawValue, itemsTotal: batch.itemCount,
                itemsCompleted: analyses.filter { $0.status == .completed }.count, itemsFailed: analyses.filter { $0.status == .failed }.count,
                resultsURL: "/v1/analysis/batch/\(id)/results", timestamp: Date().formatted(.iso8601))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(body)
            var request = HTTPClientRequest(url: url.absoluteString)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "relay-backend/\(RelayVersion.current)")
            request.headers.add(name: "X-Relay-Event", value: "batch.completed")
            request.headers.add(name: "X-Relay-Delivery", value: job.id)
            request.headers.add(name: "X-Relay-Signature", value: Self.webhookSignature(body: data, secret: secret))
            request.body = .bytes(ByteBuffer(bytes: data))
            let response = try await Self.webhookClient.execute(request, timeout: .seconds(10))
            _ = try? await response.body.collect(upTo: 64 << 10)
            guard (200..<300).contains(response.status.code) else {
                throw WebhookRefused(status: Int(response.status.code))
            }
            try await batches.setWebhookState(id: id, state: "delivered")
            context.logger.info("batch webhook delivered", metadata: ["batch_id": "\(id)", "attempt": "\(job.attempts)"])
        } catch let error as AppError {
            try await batches.setWebhookState(id: id, state: "failed")
            throw PermanentJobFailure(error.message)
        } catch {
            if job.attempts >= job.maxAttempts { try await batches.setWebhookState(id: id, state: "failed") }
            context.logger.warning("batch webhook failed", metadata: ["batch_id": "\(id)", "attempt": "\(job.attempts)", "error": "\(error)"])
            throw error
        }
    }
}

/// The webhook's receiver answered something other than 2xx.
struct WebhookRefused: Error, CustomStringConvertible {
    let status: Int
    var description: String { "the webhook answered HTTP \(status)" }
}
