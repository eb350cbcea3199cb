import BackendApp
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import RelayAPI
import Testing
import TestSupport

/// The reviewer app as served by `relay-backend`: every file the page loads is there with its type, the
/// security headers are on each, nothing outside the app's files can be named, and the files themselves
/// keep to the Content-Security-Policy (no inline script, handler or style the browser would block).
@Suite("Reviewer web app files")
struct WebAppTests {
    static var webRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Backend/BackendApp/Resources/web")
    }

    @Test("/ and every file it names are served with the security headers; ETag revalidates; unknown and escaping paths are 404")
    func served() async throws {
        try await TestApp.with("sqlite") { _, router in
            try await TestApp.application(router).test(.router) { client in
                let page = try await client.execute(uri: "/", method: .get) { $0 }
                #expect(page.status == .ok && page.headers[.contentType] == "text/html; charset=utf-8")
                let csp = try #require(page.headers[HTTPField.Name("Content-Security-Policy")!])
                for directive in ["default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'"] {
                    #expect(csp.contains(directive), "CSP has \(directive): \(csp)")
                }
                #expect(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval") && !csp.contains("*"))
                #expect(page.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                #expect(page.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                #expect(page.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
                let etag = try #require(page.headers[.eTag])
                let again = try await client.execute(uri: "/", method: .get, headers: [.ifNoneMatch: etag]) { $0 }
                #expect(again.status == .notModified && again.body.readableBytes == 0)

                // Every script and stylesheet the page names, and every module those import.
                let html = String(buffer: page.body)
                var pending = Self.references(html, pattern: #"(?:src|href)="(/app/[^"]+)""#)
                #expect(pending.contains { $0.hasSuffix(".js") } && pending.contains { $0.hasSuffix(".css") }, "\(pending)")
                var seen: Set<String> = []
                while let path = pending.popLast() {
                    guard seen.insert(path).inserted else { continue }
                    let file = try await client.execute(uri: path, method: .get) { $0 }
                    #expect(file.status == .ok, "\(path)")
                    #expect(file.headers[HTTPField.Name("Content-Security-Policy")!] == csp, "\(path) carries the CSP")
                    if path.hasSuffix(".js") {
                        #expect(file.headers[.contentType] == "text/javascript; charset=utf-8", "\(path)")
                        let base = URL(string: "http://x" + path)!
                        for relative in Self.references(String(buffer: file.body), pattern: #"(?:import|from)\s*['"](\.{1,2}/[^'"]+)['"]"#) {
                            pending.append(URL(string: relative, relativeTo: base)!.path)
                        }
                    }
                }
                #expect(seen.count >= 5, "the app's modules were followed: \(seen.sorted())")

                for path in ["/app/nope.js", "/app/../Package.swift", "/app/%2e%2e/openapi.yaml", "/app/js/../../openapi.yaml", "/app/", "/app//etc/passwd"] {
                    let missing = try await client.execute(uri: path, method: .get) { $0 }
                    #expect(missing.status == .notFound, "\(path)")
                    #expect(!String(buffer: missing.body).contains("openapi: "), "\(path)")
                }
            }
        }
    }

    @Test("the app's files keep to the CSP: no inline script, event-handler attribute, style attribute, eval, localStorage or remote origin")
    func filesKeepToThePolicy() throws {
        let files = try #require(FileManager.default.enumerator(at: Self.webRoot, includingPropertiesForKeys: nil)?.allObjects as? [URL])
        let texts = files.filter { ["html", "js", "css"].contains($0.pathExtension) }
        #expect(texts.count >= 5)
        for file in texts {
            let text = try String(contentsOf: file, encoding: .utf8)
            let name = file.lastPathComponent
            #expect(Self.references(text, pattern: #"<script(?![^>]*\bsrc=)[^>]*>"#).isEmpty && !text.contains("<script>"), "\(name): inline <script>")
            #expect(Self.references(text, pattern: #"(<[a-z][^>]*\son[a-z]+\s*=)"#).isEmpty, "\(name): inline event handler")
            #expect(Self.references(text, pattern: #"(<[a-z][^>]*\sstyle\s*=)"#).isEmpty, "\(name): style attribute")
            #expect(!text.contains("eval(") && !text.contains("new Function("), "\(name): eval")
            // Tokens never reach web storage: no localStorage at all (the browser test checks storage holds no token).
            #expect(Self.references(text, pattern: #"(localStorage\s*[.\[])"#).isEmpty, "\(name): localStorage")
            #expect(Self.references(text, pattern: #"((?:src|href)=["']https?://)"#).isEmpty, "\(name): remote origin")
        }
    }

    static func references(_ text: String, pattern: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { match in
            Range(match.range(at: match.numberOfRanges > 1 ? 1 : 0), in: text).map { String(text[$0]) }
        }
    }
}
