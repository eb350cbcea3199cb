import AgentCore
import AgentStore
import ArgumentParser
import Foundation

/// `relay-agent queue list|retry|forget`.
struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue", abstract: "List, retry or forget queued uploads.", subcommands: [List.self, Retry.self, Forget.self])

    static func open(_ options: AgentOptions) throws -> UploadQueueStore {
        do {
            return try UploadQueueStore.open(at: try options.stateDirectory().appendingPathComponent("queue.sqlite"))
        } catch {
            throw fail("\(error)")
        }
    }

    /// One item by id (or a unique prefix of 4+ characters) or path.
    static func item(_ key: String, in store: UploadQueueStore) throws -> UploadItem {
        let matches = try store.items(matching: key)
        guard matches.count == 1, let item = matches.first else {
            throw fail(matches.isEmpty ? "no queued item \(key)" : "\(key) matches \(matches.count) items; give more of the id")
        }
        return item
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List queued uploads, newest first.")
        @OptionGroup var options: AgentOptions
        @Option(help: "Only this state (discovered, qc_done, presigned, uploaded, acknowledged, rejected).") var state: String?
        @Option(help: "At most this many.") var limit = 100
        @Flag(help: "JSON array.") var json = false

        func run() throws {
            var states: [UploadState]?
            if let state {
                guard let parsed = UploadState(rawValue: state) else { throw ValidationError("unknown state \(state)") }
                states = [parsed]
            }
            let items = try QueueCommand.open(options).items(states: states, limit: limit)
            if json {
                print(String(decoding: try jsonEncoder.encode(items), as: UTF8.self))
                return
            }
            for item in items {
                let retry = item.retryAt > Date().timeIntervalSince1970 && !item.state.isTerminal
                    ? " retry in \(Int(item.retryAt - Date().timeIntervalSince1970)) s" : ""
                print("\(item.id.prefix(8))  \(item.state.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0))  qc \(item.qcStatus ?? "-")  \(item.path)\(retry)\(item.lastError.map { "  (\($0))" } ?? "")")
            }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Try a rejected or backing-off upload again now.",
            discussion: "An item whose file is no longer at its path is looked for in the configured folders (same size and SHA-256) and follows it there.")
        @OptionGroup var options: AgentOptions
        @Argument(help: "Item id (or 4+ character prefix) or file path.") var ids: [String] = []
        @Flag(help: "Every rejected item.") var allRejected = false

        func run() async throws {
            let store = try QueueCommand.open(options)
            var items = try ids.map { try QueueCommand.item($0, in: store) }
            if allRejected { items += try store.items(states: [.rejected], limit: 100_000) }
            guard !items.isEmpty else { throw ValidationError("give item ids or --all-rejected") }
            let finder = MovedFileFinder(roots: try options.optionalConfiguration()?.allFolders ?? [])
            for item in items {
                if !FileManager.default.fileExists(atPath: item.path), item.state != .acknowledged {
                    if let found = finder.find(size: item.size, sha256: item.sha256), try await store.relocate(id: item.id, to: found.path) {
                        print("found \(item.id) at \(found.path)")
                    } else {
                        print("\(item.id): \(item.path) is not there, and its bytes are not in the configured folders; retrying anyway")
                    }
                }
                print(try await store.retry(id: item.id) ? "retrying \(item.id) \(item.path)" : "\(item.id) is already uploaded")
            }
        }
    }

    struct Forget: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Drop an upload from the queue (the file stays on disk and is not queued again).")
        @OptionGroup var options: AgentOptions
        @Argument(help: "Item id (or 4+ character prefix) or file path.") var ids: [String]

        func run() async throws {
            let store = try QueueCommand.open(options)
            for key in ids {
                let item = try QueueCommand.item(key, in: store)
                _ = try await store.forget(id: item.id)
                print("forgot \(item.id) \(item.path)")
            }
        }
    }
}
