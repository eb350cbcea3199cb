import AgentCore
import AgentStore
import Foundation
import Logging
import Synchronization

/// What the services of `relay-agent run` share: the configuration, the queue database, the device's
/// credentials (in their keeper) and the daemon's view of the backend.
struct DaemonResources: Sendable {
    let configuration: AgentConfiguration
    let store: UploadQueueStore
    let keeper: TokenKeeper
    let contact: ContactRecorder
    let logger: Logger
    /// Hands queue items to the QC and upload workers, never one item to two of them.
    let board: WorkBoard
    /// The next step of a queued file (with the one bandwidth limiter all uploads share).
    let step: UploadStep
    /// Files intake could not take (shown by `status` and sent with the heartbeat).
    let intakeProblems = IntakeProblems()
}

/// Opens the `DaemonResources` once, for whichever service asks first: building the service group does
/// no I/O, and every service's `run()` starts by asking. A failure is kept too, so every service sees
/// the same `AgentStartupError`.
final class DaemonResourcesOpener: Sendable {
    let configuration: AgentConfiguration
    let logger: Logger
    private let opened = Mutex<Result<DaemonResources, AgentStartupError>?>(nil)

    init(configuration: AgentConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// The opened resources; the first call loads the credentials, checks the folders and opens the queue.
    func resources() throws(AgentStartupError) -> DaemonResources {
        let result = opened.withLock { opened in
            if let opened { return opened }
            let result = Result { () throws(AgentStartupError) in try open() }
            opened = result
            return result
        }
        return try result.get()
    }

    private func open() throws(AgentStartupError) -> DaemonResources {
        let credentialStore = CredentialStore(stateDirectory: configuration.stateDirectory)
        let loaded: DeviceCredentials?
        do {
            loaded = try credentialStore.load()
        } catch {
            throw .credentialsUnreadable(error)
        }
        guard let credentials = loaded else { throw .notEnrolled(credentialsFile: credentialStore.file) }
        for folder in configuration.allFolders {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw .watchFolderMissing(folder)
            }
        }
        let store: UploadQueueStore
        do {
            store = try UploadQueueStore.open(at: configuration.queueDatabase)
        } catch {
            throw .queueUnopenable(error)
        }
        let keeper = TokenKeeper(
            credentials: credentials, enrollment: Enrollment(store: credentialStore), refreshBefore: configuration.tokenRefreshBeforeSeconds,
            logger: logger)
        let contact = ContactRecorder()
        let board = WorkBoard(store: store, uploadWorkers: configuration.concurrency, recordingLanes: configuration.recordingLanes)
        var step = UploadStep(
            store: store, keeper: keeper, qc: EdgeQC(thresholds: configuration.qc),
            put: PresignedPut(limiter: BandwidthLimiter(bytesPerSecond: configuration.bandwidthLimit)), configuration: configuration,
            contact: contact, logger: logger)
        step.photoWaiting = { (try? await board.photoWaiting([.qcDone, .presigned, .uploaded])) ?? false }
        return DaemonResources(
            configuration: configuration, store: store, keeper: keeper, contact: contact, logger: logger, board: board, step: step)
    }
}
