import BackendCore
import Foundation
import HummingbirdWebSocket
import Logging

/// Keeps a WebSocket open only while the credentials that opened it hold. The upgrade request was
/// authenticated once; after that the watchdog closes the socket with 1008 (policy violation) and a
/// reason when the token's `exp` passes, or when a re-check every `recheck` finds the device revoked or
/// the device or user gone (`AuthService.confirm`). A re-check that fails for another reason (the
/// database is briefly down) keeps the socket and tries again at the next interval.
struct WebSocketAuthWatchdog: Sendable {
    let auth: AuthService
    let recheck: Duration
    let logger: Logger

    /// Why a socket's credentials no longer hold (the close reason).
    enum Lapse: Equatable, Sendable {
        case expired
        case refused(String)

        var reason: String {
            switch self {
            case .expired: "token expired"
            case .refused(let message): message
            }
        }
    }

    /// What to do next for a token that expires at `expiresAt`: report it expired, or sleep (until the
    /// next re-check, or until expiry when that comes first) and then re-check or not.
    enum Step: Equatable, Sendable {
        case expired
        case sleep(Duration, thenRecheck: Bool)
    }

    static func next(now: Date, expiresAt: Date, recheck: Duration) -> Step {
        let left = expiresAt.timeIntervalSince(now)
        guard left > 0 else { return .expired }
        let untilExpiry = Duration.milliseconds(Int64((left * 1000).rounded(.up)))
        return untilExpiry <= recheck ? .sleep(untilExpiry, thenRecheck: false) : .sleep(recheck, thenRecheck: true)
    }

    /// Runs `body` (the route's own handling of the socket) while watching `identity`. When the
    /// credentials lapse, sends a 1008 close with the reason and stops `body`; when `body` ends first, the
    /// watch stops.
    func guarding(
        _ identity: Identity, outbound: WebSocketOutboundWriter, _ body: @escaping @Sendable () async throws -> Void
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await body() }
            group.addTask {
                let lapse = try await watch(identity)
                logger.info(
                    "closing WebSocket: credentials no longer hold",
                    metadata: ["reason": .string(lapse.reason), "token_id": .string(identity.tokenId)])
                // RFC 6455 §5.5: a control frame's payload is at most 125 bytes, 2 of them the code.
                try? await outbound.close(.policyViolation, reason: String(lapse.reason.utf8.prefix(123)) ?? "credentials lapsed")
            }
            _ = try await group.next()
            group.cancelAll()
        }
    }

    /// Returns when `identity` no longer holds: at its token's expiry, or at the first re-check the
    /// identity fails.
    func watch(_ identity: Identity) async throws -> Lapse {
        while true {
            switch Self.next(now: Date(), expiresAt: identity.expiresAt, recheck: recheck) {
            case .expired:
                return .expired
            case .sleep(let duration, let thenRecheck):
                try await Task.sleep(for: duration)
                guard thenRecheck else { continue }
                do {
                    _ = try await auth.confirm(identity)
                } catch let error as AppError where error.status == 401 {
                    return .refused(error.message)
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    logger.warning(
                        "WebSocket credential re-check failed; trying again", metadata: ["error": "\(error)", "token_id": .string(identity.tokenId)])
                }
            }
        }
    }
}
