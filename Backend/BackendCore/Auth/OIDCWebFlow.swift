import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import NIOCore
import RelayAPI

/// The reviewer app's "Sign in with …": the OpenID Connect authorization code flow with PKCE (S256), the
/// server as the client (`oidc_audience` is the client id, `oidc_client_secret` its secret when it has one).
/// The provider's endpoints come from its discovery document, read once and kept for an hour.
package actor OIDCWebFlow {
    package nonisolated let configuration: OIDCConfiguration
    private let httpClient: HTTPClient
    private let logger: Logger
    private var endpoints: (authorization: String, token: String, readAt: ContinuousClock.Instant)?

    package init(configuration: OIDCConfiguration, httpClient: HTTPClient, logger: Logger) {
        self.configuration = configuration
        self.httpClient = httpClient
        self.logger = logger
    }

    /// A new sign-in: random `state`, `nonce` and PKCE verifier (each 256 bits).
    package struct Attempt: Sendable {
        package let state: String
        package let nonce: String
        package let verifier: String

        package init() {
            func random() -> String { Base64URL.encode(Data((0..<32).map { _ in UInt8.random(in: .min ... .max) })) }
            state = random()
            nonce = random()
            verifier = random()
        }

        /// RFC 7636 S256: base64url(SHA-256(verifier)).
        package var challenge: String { Base64URL.encode(Data(SHA256.hash(data: Data(verifier.utf8)))) }
    }

    /// Where to send the browser to sign in at the provider.
    package func authorizationURL(for attempt: Attempt, redirectURI: String) async throws -> String {
        guard var components = URLComponents(string: try await discovered().authorization) else {
            throw AppError.unavailable("the identity provider's authorization endpoint is not a URL")
        }
        let existing = components.queryItems ?? []
        components.queryItems = existing + [
            URLQueryItem(name: "response_type", value: "code"), URLQueryItem(name: "client_id", value: configuration.audience),
            URLQueryItem(name: "redirect_uri", value: redirectURI), URLQueryItem(name: "scope", value: "openid email profile"),
            URLQueryItem(name: "state", value: attempt.state), URLQueryItem(name: "nonce", value: attempt.nonce),
            URLQueryItem(name: "code_challenge", value: attempt.challenge), URLQueryItem(name: "code_challenge_method", value: "S256"),
        ]
        guard let url = components.url?.absoluteString else { throw AppError.unavailable("the identity provider's authorization endpoint is not a URL") }
        return url
    }

    /// Trades the authorization code for the provider's id_token (token endpoint, with the PKCE verifier).
    /// - Throws: 401 `TOKEN_INVALID` when the provider refuses the code, 503 when it cannot be reached.
    package func idToken(code: String, verifier: String, redirectURI: String) async throws -> String {
        var request = HTTPClientRequest(url: try await discovered().token)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        var form = ["grant_type": "authorization_code", "code": code, "redirect_uri": redirectURI, "code_verifier": verifier]
        if let secret = configuration.clientSecret {
            let pair = Self.formEncode(configuration.audience) + ":" + Self.formEncode(secret)
            request.headers.add(name: "Authorization", value: "Basic " + Data(pair.utf8).base64EncodedString())
        } else {
            form["client_id"] = configuration.audience
        }
        request.body = .bytes(ByteBuffer(string: form.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.formEncode($0.value))" }.joined(separator: "&")))
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await httpClient.execute(request, timeout: .seconds(15))
            body = try await response.body.collect(upTo: 1 << 20)
        } catch {
            logger.warning("identity provider token endpoint unreachable", metadata: ["error": "\(error)"])
            throw AppError.unavailable("the identity provider cannot be reached")
        }
        let object = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any]
        guard response.status == .ok, let token = object?["id_token"] as? String else {
            let reason = (object?["error"] as? String).map { String($0.prefix(60)) } ?? "HTTP \(response.status.code)"
            logger.info("identity provider refused the authorization code", metadata: ["reason": "\(reason)"])
            throw AppError(status: 401, code: .tokenInvalid, message: "the identity provider refused the sign-in (\(reason))")
        }
        return token
    }

    /// The provider's authorization and token endpoints, from its discovery document (kept an hour).
    private func discovered() async throws -> (authorization: String, token: String) {
        if let endpoints, ContinuousClock.now - endpoints.readAt < .seconds(3600) { return (endpoints.authorization, endpoints.token) }
        do {
            let response = try await httpClient.execute(HTTPClientRequest(url: configuration.discoveryURL), timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 1 << 20)
            guard response.status == .ok,
                let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
                let authorization = object["authorization_endpoint"] as? String, let token = object["token_endpoint"] as? String,
                Self.isHTTP(authorization), Self.isHTTP(token)
            else { throw AppError.unavailable("the identity provider's discovery document has no usable endpoints") }
            endpoints = (authorization, token, .now)
            return (authorization, token)
        } catch let error as AppError {
            throw error
        } catch {
            logger.warning("identity provider discovery failed", metadata: ["error": "\(error)"])
            throw AppError.unavailable("the identity provider cannot be reached")
        }
    }

    static func isHTTP(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased() else { return false }
        return (scheme == "https" || scheme == "http") && url.host != nil
    }

    /// `application/x-www-form-urlencoded` value encoding.
    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
