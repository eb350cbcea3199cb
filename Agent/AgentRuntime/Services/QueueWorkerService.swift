import AgentCore
import AgentStore
import Foundation
import ServiceLifecycle

/// Workers over the queue: each claims a due item in `states` and runs its next step (`UploadStep`),
/// until graceful shutdown. Network workers pause together while the backend is unreachable or refuses
/// this device.
///
/// At shutdown the workers stop claiming; a step in flight gets `grace` to finish and is then cancelled.
/// A cancelled step records nothing (`UploadStep.record` checks first), so its item stays in its last
/// committed state and the next start repeats the step: every step is safe to repeat, and a recording's
/// parts already stored are not sent again.
struct QueueWorkerService: Service {
    let opener: DaemonResourcesOpener
    let states: [UploadState]
    /// Whether the steps need the backend.
    let network: Bool
    /// Workers at once.
    let count: Int
    let grace: Duration = .seconds(2)

    /// QC has its own worker: it needs no network, so an operator hears about a bad frame at once even
    /// while the uploads wait for the backend.
    static func qc(_ opener: DaemonResourcesOpener) -> QueueWorkerService {
        QueueWorkerService(opener: opener, states: [.discovered], network: false, count: 1)
    }

    /// `concurrency` upload workers (in one service, so they stop together).
    static func uploads(_ opener: DaemonResourcesOpener, count: Int) -> QueueWorkerService {
        QueueWorkerService(opener: opener, states: [.qcDone, .presigned, .uploaded], network: true, count: count)
    }

    func run() async throws {
        let resources = try opener.resources()
        await withDiscardingTaskGroup { group in
            for _ in 0..<count {
                group.addTask { await work(resources) }
            }
        }
    }

    /// One worker's loop.
    func work(_ resources: DaemonResources) async {
        let logger = resources.logger
        while !Task.shouldStop {
            if network, let wait = resources.contact.offlineWait() {
                await pause(for: .seconds(min(wait, 1)))
                continue
            }
            // A refused device pauses every network worker as one (the keeper retries the refusal on its own
            // schedule): claiming items only to fail, log and postpone each would rewrite the whole queue.
            if network, let wait = await resources.keeper.refusedWait() {
                await pause(for: .seconds(min(wait, 1)))
                continue
            }
            let item: UploadItem?
            do {
                item = try await resources.board.claim(states, lane: network ? .upload : .qc)
            } catch {
                logger.error("queue unreadable: \(FailureText.describe(error))")
                await pause(for: .seconds(5))
                continue
            }
            guard let item else {
                await pause(for: .milliseconds(300))
                continue
            }
            do {
                try await step(item, resources)
            } catch is CancellationError {
                await resources.board.release(item.id)
                return
            } catch let error as DeviceRefusedError {
                // Every network worker now pauses on the refusal (`refusedWait`). The item keeps its place,
                // so it goes up the moment the device is taken again or enrolled anew.
                logger.notice("\(item.path): \(error)")
            } catch {
                logger.error("\(item.path): \(FailureText.describe(error)); retrying in 30 s")
                try? await resources.store.postpone(id: item.id, expected: item.state, until: Date().addingTimeInterval(30))
                if UploadQueueStore.isDiskFull(error) { await pause(for: .seconds(5)) }
            }
            await resources.board.release(item.id)
        }
    }

    /// Runs the item's next step; once graceful shutdown begins it has `grace` left, then it is cancelled.
    func step(_ item: UploadItem, _ resources: DaemonResources) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await resources.step.run(item) }
            group.addTask {
                do { try await gracefulShutdown() } catch { return }  // the step ended first
                try await Task.sleep(for: grace)
                throw CancellationError()
            }
            _ = try await group.next()
            group.cancelAll()
        }
    }
}
