import Hummingbird

/// `relay-bench hello --port P`: the ceiling for `Benchmarks/load.sh` — a Hummingbird server on the same
/// box answering `POST /hello` with a fixed body and doing nothing else, so a route's requests/s can be
/// read as a share of what the HTTP stack alone serves on this machine in the same run.
struct HelloWorldServer {
    let port: Int

    init(options: [String: String]) {
        port = Int(options["port"] ?? "") ?? 8099
    }

    func run() async throws {
        let router = Router()
        router.post("hello") { _, _ in "hello, world" }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
        try await app.runService()
    }
}
