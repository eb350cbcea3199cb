import Crypto
import Foundation
import Hummingbird
import NIOCore
import ServiceLifecycle
import _CryptoExtras

/// A real OIDC identity provider for tests: its own ES256 and RS256 keys, id_tokens signed with them, and
/// its JWKS served over HTTP on loopback.
package struct TestIdentityProvider: Sendable {
    package let issuer = "https://idp.relay.test"
    package let audience = "relay-web"
    package let ecKey = P256.Signing.PrivateKey()
    package let ecKid = "idp-ec-1"
    package let rsaKey: _RSA.Signing.PrivateKey
    package let rsaKid = "idp-rsa-1"

    package init() throws {
        rsaKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
    }

    /// Writes the provider's JWKS into `folder` and returns the file's path (for `oidc_jwks_file`).
    package func jwksFile(in folder: URL) throws -> String {
        let file = folder.appendingPathComponent("jwks.json")
        try Data(try jwks().utf8).write(to: file)
        return file.path
    }

    /// The provider's JWKS document.
    package func jwks() throws -> String {
        let raw = ecKey.publicKey.rawRepresentation
        let primitives = try rsaKey.publicKey.getKeyPrimitives()
        let keys: [[String: String]] = [
            ["kty": "EC", "crv": "P-256", "kid": ecKid, "alg": "ES256", "use": "sig",
                "x": TestJWT.base64URL(raw.prefix(32)), "y": TestJWT.base64URL(raw.suffix(32))],
            ["kty": "RSA", "kid": rsaKid, "alg": "RS256", "use": "sig",
                "n": TestJWT.base64URL(primitives.modulus), "e": TestJWT.base64URL(primitives.publicExponent)],
        ]
        let data = try JSONSerialization.data(withJSONObject: ["keys": keys], options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// Standard claims for `email` (verified by the provider), valid now for an hour; `overrides` replace or
    /// add members (`NSNull()` removes one).
    package func claims(email: String, overrides: [String: Any] = [:]) -> [String: Any] {
        let now = Int(Date().timeIntervalSince1970)
        var claims: [String: Any] = [
            "iss": issuer, "aud": audience, "sub": "idp|" + email, "email": email, "email_verified": true, "iat": now, "nbf": now - 5,
            "exp": now + 3600,
        ]
        for (key, value) in overrides {
            if value is NSNull { claims[key] = nil } else { claims[key] = value }
        }
        return claims
    }

    package func idToken(email: String, overrides: [String: Any] = [:], kid: String? = nil) throws -> String {
        try TestJWT.es256(header: ["kid": kid ?? ecKid, "typ": "JWT"], payload: claims(email: email, overrides: overrides), key: ecKey)
    }

    package func rsaIdToken(email: String) throws -> String {
        try TestJWT.rs256(header: ["kid": rsaKid, "typ": "JWT"], payload: claims(email: email), key: rsaKey)
    }

    /// Serves `/.well-known/jwks.json` on `port` while `body` runs; counts fetches.
    package func serve(port: Int, _ body: @escaping @Sendable () async throws -> Void) async throws {
        let document = try jwks()
        let router = Router()
        router.get("/.well-known/jwks.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: document)))
        }
        let (started, continuation) = AsyncStream<Void>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { _ in continuation.yield() }, logger: TestDatabase.logger)
        let group = ServiceGroup(services: [app], logger: TestDatabase.logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            for await _ in started { break }
            do {
                try await body()
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
