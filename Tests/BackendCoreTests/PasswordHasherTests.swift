import BackendCore
import Testing

@Suite("Password hashing")
struct PasswordHasherTests {
    let hasher = PasswordHasher(logN: 10)

    @Test("hash verifies the right password only; salts differ")
    func roundTrip() async throws {
        let first = try await hasher.hash("correct horse battery")
        let second = try await hasher.hash("correct horse battery")
        #expect(first != second)
        #expect(first.hasPrefix("scrypt$1024$8$1$"))
        #expect(await hasher.verify("correct horse battery", against: first))
        #expect(await hasher.verify("correct horse battery", against: second))
        #expect(await !hasher.verify("correct horse batterY", against: first))
    }

    @Test("malformed stored hashes never verify", arguments: ["", "scrypt$", "bcrypt$1$2$3$a$b", "scrypt$0$8$1$AA==$AA==",
        "scrypt$1024$8$1$!!$AA==", "scrypt$2097152$8$1$AA==$AA=="])
    func malformed(stored: String) async {
        #expect(await !hasher.verify("anything", against: stored))
    }

    @Test("too short or too long passwords are refused")
    func length() async {
        await #expect(throws: AppError.self) { _ = try await hasher.hash("short") }
        await #expect(throws: AppError.self) { _ = try await hasher.hash(String(repeating: "x", count: 257)) }
    }
}
