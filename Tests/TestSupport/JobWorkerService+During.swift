import BackendCore

extension JobWorkerService {
    /// Runs the worker while `body` runs, then stops it and waits until it has stopped, also when `body`
    /// throws: the worker's last statements (a job finishing, its presence retired) must reach the database
    /// before the test world closes it, or they hit a closed database.
    package func running<T: Sendable>(during body: () async throws -> T) async throws -> T {
        let task = Task { try await run() }
        do {
            let value = try await body()
            task.cancel()
            _ = await task.result
            return value
        } catch {
            task.cancel()
            _ = await task.result
            throw error
        }
    }
}
