import AgentCore
import Foundation
import RelayClient

/// Owns the device credentials while the daemon runs: hands out a client with a fresh token, refreshes it
/// (by proof of the device key) before it expires, and on a 401 refreshes once. When the backend refuses
/// the refresh too (device revoked or deleted), uploads stop and `status`/`doctor` say why; the refresh
/// is tried again every `refusedRetry` in case an admin restores the device. Nothing is deleted.
package actor TokenKeeper {
    package private(set) var credentials: DeviceCredentials
    let enrollment: Enrollment
    let refreshBefore: TimeInterval
    let refusedRetry: TimeInterval
    /// The backend's refusal of this device, when it refuses it.
    var refused: DeviceRefusedError?
    var refusedAt: Date?

    /// Why the backend refuses this device, when it does (shown by `status`).
    package var refusal: String? { refused?.description }

    package init(credentials: DeviceCredentials, enrollment: Enrollment, refreshBefore: TimeInterval, refusedRetry: TimeInterval = 900) {
        self.credentials = credentials
        self.enrollment = enrollment
        self.refreshBefore = refreshBefore
        self.refusedRetry = refusedRetry
    }

    /// A client with a valid token; refreshes first when due. Throws `DeviceRefusedError` while the device is
    /// refused (and the retry time has not come).
    package func client(now: Date = Date()) async throws -> RelayClient {
        if let refused {
            guard let refusedAt, now.timeIntervalSince(refusedAt) >= refusedRetry else { throw refused }
            try await refresh(now: now)
        } else if credentials.refreshDue(before: refreshBefore, now: now) {
            do {
                try await refresh(now: now)
            } catch let error as RelayClientError where error.status == nil {
                // Offline: the old token is still good until it expires.
                guard credentials.expiresAt > now else { throw error }
            }
        }
        return RelayClient(baseURL: credentials.server, accessToken: credentials.accessToken)
    }

    /// Refreshes the token when it is due, unless the backend refuses the device (then `client()` retries
    /// on its own schedule). Offline, the old token serves until it expires.
    package func refreshIfDue(now: Date = Date()) async throws {
        guard refusal == nil, credentials.refreshDue(before: refreshBefore, now: now) else { return }
        _ = try await client(now: now)
    }

    /// A request with `token` got 401: refresh once (unless another task already did).
    package func unauthorized(token: String?, now: Date = Date()) async throws {
        guard token == credentials.accessToken, refusal == nil else { return }
        try await refresh(now: now)
    }

    func refresh(now: Date) async throws {
        do {
            credentials = try await enrollment.refresh(credentials, now: now)
            refused = nil
            refusedAt = nil
        } catch let error as RelayClientError where error.status == 401 || error.status == 403 {
            let refusal = DeviceRefusedError(refusal: error)
            refused = refusal
            refusedAt = now
            throw refusal
        }
    }
}
