import Foundation

/// Which real services the test run has. `scripts/test.sh` starts PostgreSQL and SeaweedFS and exports
/// their addresses; with `RELAY_TEST_REQUIRE_SERVICES=1` (always in CI) a missing service fails the
/// tests that need it instead of skipping them.
package enum TestEnvironment {
    static let environment = ProcessInfo.processInfo.environment

    /// `RELAY_TEST_REQUIRE_SERVICES=1`.
    package static var servicesRequired: Bool { environment["RELAY_TEST_REQUIRE_SERVICES"] == "1" }

    /// URL of a PostgreSQL database the tests may create databases next to.
    package static var postgresURL: String? { environment["RELAY_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 } }

    /// Database kinds every storage/queue test runs against: SQLite always, PostgreSQL when available or
    /// required.
    package static var databaseKinds: [String] {
        postgresURL != nil || servicesRequired ? ["sqlite", "postgres"] : ["sqlite"]
    }

    /// A fresh temporary folder.
    package static func temporaryDirectory(_ name: String = "relay-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Thrown when a test needs a service the run does not have.
package struct MissingTestService: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}

extension TestEnvironment {
    /// Whether `folder` is empty (or missing) within `timeout`: jobs remove their scratch folders just
    /// after recording their result, so a test that saw the result waits a moment for the cleanup.
    package static func becomesEmpty(_ folder: URL, within timeout: Duration = .seconds(10)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        repeat {
            if ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).isEmpty { return true }
            try? await Task.sleep(for: .milliseconds(100))
        } while ContinuousClock.now < deadline
        return false
    }
}
