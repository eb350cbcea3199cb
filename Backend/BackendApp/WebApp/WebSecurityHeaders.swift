import Foundation
import HTTPTypes

/// Headers on every page and file of the reviewer app: a strict Content-Security-Policy (scripts, styles
/// and connections only from this origin; images and media also from the blob store, which signs their
/// URLs; no inline script or style, no frames, no plugins) and the usual hardening.
package struct WebSecurityHeaders: Sendable {
    let contentSecurityPolicy: String

    /// `mediaOrigins`: where signed image and media URLs point (the blob store's public origin).
    init(mediaOrigins: [String]) {
        let media = (["'self'", "blob:"] + mediaOrigins).joined(separator: " ")
        contentSecurityPolicy = [
            "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src \(media) data:", "media-src \(media)",
            "connect-src 'self' \(mediaOrigins.joined(separator: " "))".trimmingCharacters(in: .whitespaces),
            "font-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'",
        ].joined(separator: "; ")
    }

    /// The origin (`scheme://host[:port]`) of a URL, or nil.
    package static func origin(of text: String) -> String? {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased(),
            scheme == "http" || scheme == "https"
        else { return nil }
        let name = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(name)" + (url.port.map { ":\($0)" } ?? "")
    }

    func apply(to headers: inout HTTPFields) {
        headers[HTTPField.Name("Content-Security-Policy")!] = contentSecurityPolicy
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        headers[HTTPField.Name("Cross-Origin-Opener-Policy")!] = "same-origin"
        headers[HTTPField.Name("Permissions-Policy")!] = "camera=(), microphone=(), geolocation=()"
    }
}
