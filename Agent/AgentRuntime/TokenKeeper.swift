import AgentCore
import Foundation
import Logging
import RelayAPI
import RelayClient

/// Owns the device credentials while the daemon runs: hands out a client with a fresh token, refreshes it
/// (by proof of the device key) before it expires, and on a 401 refreshes once. When the backend refuses
/// the refresh too (device revoked or deleted), uploads stop and `status`/`doctor` say why; the refresh
/// is tried again every `refusedRetry` in case an admin restores the device. Nothing is deleted.
///
/// One refresh at a time: the actor awaits the backend inside `refresh`, so without care two callers
/// could both start one (actor reentrancy), and the second proof — signed in the same second — would be
/// refused as replayed, which reads as a refused device. Callers arriving while a refresh is in flight
/// await that refresh's result instead. Proofs are signed by the server's clock as its answers report it
/// (`ServerClock`), each later than the last; a proof refused for its time is a clock problem, tried again
/// after `skewRetry`, never a revocation.
package actor TokenKeeper {
    package private(set) var credentials: DeviceCredentials
    let enrollment: Enrollment
    let refreshBefore: TimeInterval
    let refusedRetry: TimeInterval
    let skewRetry: TimeInterval
    /// The server's time, as every client the keeper hands out hears it.
    package nonisolated let clock: ServerClock
    let logger: Logger?
    /// The backend's refusal of this device, when it refuses it.
    var refused: DeviceRefusedError?
    var refusedAt: Date?
    /// The backend refused the proof's time even when signed by its own clock.
    var skewed: ClockSkewError?
    var skewedAt: Date?
    /// The refresh under way, which later callers join.
    var inFlight: Task<Void, any Error>?
    /// The `signed_at` of the last proof the backend took: it takes only newer ones.
    var lastAccepted: Int64 = 0
    /// When a refused device last looked for a new enrollment (`refusedWait`).
    var enrollmentLookedAt: ContinuousClock.Instant?
    /// Refreshes sent to the backend (each one proof).
    package private(set) var refreshes = 0

    /// Why the backend refuses this device, when it does (shown by `status`).
    package var refusal: String? { refused?.description }

    /// Why the token could not be refreshed for the clock's sake, when that is so (shown by `status`).
    package var clockProblem: String? { skewed?.description }

    package init(
        credentials: DeviceCredentials, enrollment: Enrollment, refreshBefore: TimeInterval, refusedRetry: TimeInterval = 900,
        skewRetry: TimeInterval = 30, clock: ServerClock = ServerClock(), logger: Logger? = nil
    ) {
        self.logger = logger
        self.credentials = credentials
        self.enrollment = enrollment
        self.refreshBefore = refreshBefore
        self.refusedRetry = refusedRetry
        self.skewRetry = skewRetry
        self.clock = clock
    }

    /// A client with a valid token; refreshes first when due. Throws `DeviceRefusedError` while the device is
    /// refused (and the retry time has not come).
    package func client(now: Date = Date()) async throws -> RelayClient {
        if refused != nil { adoptNewEnrollment() }
        if let refused {
            guard let refusedAt, now.timeIntervalSince(refusedAt) >= refusedRetry else { throw refused }
            try await refresh(now: now)
        } else if credentials.refreshDue(before: refreshBefore, now: now) || skewed != nil {
            do {
                try await refresh(now: now)
            } catch let error as RelayClientError where error.status == nil {
                // Offline: the old token is still good until it expires.
                guard credentials.expiresAt > now else { throw error }
            } catch let error as ClockSkewError {
                guard credentials.expiresAt > now else { throw error }
            }
        }
        return RelayClient(baseURL: credentials.server, accessToken: credentials.accessToken, clock: clock)
    }

    /// How long network work should wait because the backend refuses this device (nil: go). The refusal
    /// is retried by `refreshIfDue` (the token-keeping service) once `refusedRetry` has passed, so the
    /// workers pause as one instead of each claiming an item only to fail it.
    /// While refused, the credentials file is looked at every few seconds for a new enrollment
    /// (`adoptNewEnrollment`), so uploads resume within seconds of `relay-agent enroll --force`.
    package func refusedWait(now: Date = Date()) -> TimeInterval? {
        if refused != nil, enrollmentLookedAt.map({ $0.duration(to: .now) >= .seconds(5) }) ?? true {
            enrollmentLookedAt = .now
            adoptNewEnrollment()
        }
        guard refused != nil, let refusedAt else { return nil }
        return max(1, refusedRetry - now.timeIntervalSince(refusedAt))
    }

    /// Refreshes the token when it is due, and retries a refusal or a clock problem when its time has
    /// come. Offline, the old token serves until it expires.
    package func refreshIfDue(now: Date = Date()) async throws {
        // Every tick (a minute), refused or not: `enroll --force` on a working box moves it to the new
        // device within a minute rather than at the old token's next refresh.
        adoptNewEnrollment()
        if refused != nil {
            guard let refusedAt, now.timeIntervalSince(refusedAt) >= refusedRetry else { return }
        } else if skewed != nil {
            guard let skewedAt, now.timeIntervalSince(skewedAt) >= skewRetry else { return }
        } else {
            guard credentials.refreshDue(before: refreshBefore, now: now) else { return }
        }
        _ = try await client(now: now)
    }

    /// A request with `token` got 401: refresh once (unless another task already did).
    package func unauthorized(token: String?, now: Date = Date()) async throws {
        guard token == credentials.accessToken, refusal == nil else { return }
        try await refresh(now: now)
    }

    /// One refresh at a time: a caller arriving while one is in flight gets its outcome. A clock problem
    /// is not retried before `skewRetry` has passed.
    func refresh(now: Date) async throws {
        if let inFlight { return try await Self.outcome(of: inFlight) }
        if let skewed, refused == nil, let skewedAt, now.timeIntervalSince(skewedAt) < skewRetry { throw skewed }
        let task = Task { try await self.performRefresh(now: now) }
        inFlight = task
        defer { inFlight = nil }
        try await Self.outcome(of: task)
    }

    /// The refresh's outcome. A waiter cancelled (shutdown: a step past its grace) cancels the refresh
    /// too — it is its own task, which would otherwise run on, holding the waiter and so the shutdown,
    /// until its request timed out; a refresh that never happened is simply done again later.
    static func outcome(of task: Task<Void, any Error>) async throws {
        try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }

    func performRefresh(now: Date) async throws {
        // Enrolled anew meanwhile: refresh the new device, and never save the old one over it.
        if adoptNewEnrollment(), !credentials.refreshDue(before: refreshBefore, now: now) { return }
        // The actor is reentrant: while the proof is out, a new enrollment may be taken (`refusedWait`), or
        // land in the store. Then this answer — token or refusal — is the old device's and is dropped.
        let device = credentials.deviceId
        func replaced() -> Bool { credentials.deviceId != device || adoptNewEnrollment() }
        do {
            do {
                let refreshed = try await signAndRefresh(now: now)
                if replaced() { return }
                credentials = refreshed
            } catch let error as RelayClientError where Self.isClockRefusal(error) {
                if replaced() { return }
                // The refusal's own `Date` header has told the clock the server's time: sign by it, once more.
                do {
                    let refreshed = try await signAndRefresh(now: now)
                    if replaced() { return }
                    credentials = refreshed
                } catch let error as RelayClientError where Self.isClockRefusal(error) {
                    if replaced() { return }
                    let skew = ClockSkewError(refusal: error, skew: clock.skew(localNow: now), retryIn: skewRetry)
                    skewed = skew
                    skewedAt = now
                    throw skew
                }
            }
            if refused != nil || skewed != nil { logger?.notice("the backend takes this device's proof again") }
            refused = nil
            refusedAt = nil
            skewed = nil
            skewedAt = nil
            logger?.info("device token refreshed (expires \(credentials.expiresAt))")
        } catch let error as RelayClientError where error.status == 401 || error.status == 403 {
            if replaced() { return }
            let refusal = DeviceRefusedError(refusal: error)
            refused = refusal
            refusedAt = now
            throw refusal
        }
    }

    /// `relay-agent enroll --force` while the daemon runs (the way back from a revoked device): the store
    /// holds another device's credentials. They are taken — the refusal, clock problem and proof sequence
    /// were the old device's — so uploads resume without a restart. Returns whether they were.
    @discardableResult
    func adoptNewEnrollment() -> Bool {
        guard let stored = try? enrollment.store.load(), stored.deviceId != credentials.deviceId else { return false }
        let old = credentials.deviceId
        credentials = stored
        refused = nil
        refusedAt = nil
        skewed = nil
        skewedAt = nil
        lastAccepted = 0
        logger?.notice("enrolled anew as device \(stored.deviceId) (was \(old)): using the new credentials")
        return true
    }

    /// One proof, signed by the server's clock when known (else this machine's), later than the last one
    /// the backend took.
    func signAndRefresh(now: Date) async throws -> DeviceCredentials {
        let signedAt = max(lastAccepted + 1, Int64(clock.serverNow(fallback: now).timeIntervalSince1970))
        refreshes += 1
        let refreshed = try await enrollment.refresh(
            credentials, now: now, signedAt: Date(timeIntervalSince1970: TimeInterval(signedAt)), clock: clock)
        lastAccepted = signedAt
        return refreshed
    }

    /// A refusal of the proof's time rather than of the device.
    static func isClockRefusal(_ error: RelayClientError) -> Bool {
        error.code == .deviceProofStale || error.code == .deviceProofReplayed
    }
}
