import NIOCore
import NIOHTTP1
import NIOPosix

/// One connection to the local status page: GET and HEAD of `StatusPage`'s paths, one request per
/// connection. Only a Host naming this box (loopback, the page's port) is answered, so a web page
/// elsewhere cannot reach it through DNS rebinding. Reading the queue happens on the thread pool, off
/// the event loop. Request bodies are not kept.
final class StatusPageHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let page: StatusPage
    let pool: NIOThreadPool
    private var head: HTTPRequestHead?

    init(page: StatusPage, pool: NIOThreadPool) {
        self.page = page
        self.pool = pool
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): self.head = head
        case .body: break
        case .end:
            guard let head else { return }
            self.head = nil
            respond(to: head, context: context)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let port = context.channel.localAddress?.port ?? 0
        let host = head.headers.first(name: "host")?.lowercased() ?? ""
        let hosts = ["127.0.0.1", "localhost", "[::1]", context.channel.localAddress?.ipAddress ?? "127.0.0.1"]
        // Browsers leave the port out of Host for port 80.
        let allowed = hosts.map { "\($0):\(port)" } + (port == 80 ? hosts : [])
        guard allowed.contains(host) else {
            return Self.write(StatusPage.Answer(status: 403, contentType: "text/plain; charset=utf-8", body: "This page answers only to http://127.0.0.1:\(port)/.\n"), head: head, channel: context.channel)
        }
        guard head.method == .GET || head.method == .HEAD else {
            return Self.write(StatusPage.Answer(status: 405, contentType: "text/plain; charset=utf-8", body: "GET or HEAD only.\n"), head: head, channel: context.channel, extra: [("Allow", "GET, HEAD")])
        }
        let path = String(head.uri.prefix { $0 != "?" && $0 != "#" })
        let page = self.page
        let channel = context.channel
        pool.runIfActive(eventLoop: context.eventLoop) { page.answer(path: path) }.whenComplete { result in
            let answer = (try? result.get()).flatMap { $0 } ?? StatusPage.Answer(status: 404, contentType: "text/plain; charset=utf-8", body: "Not here: / and /status.json are.\n")
            Self.write(answer, head: head, channel: channel)
        }
    }

    static func write(_ answer: StatusPage.Answer, head: HTTPRequestHead, channel: any Channel, extra: [(String, String)] = []) {
        let body = ByteBuffer(string: answer.body)
        var headers = HTTPHeaders([
            ("Content-Type", answer.contentType), ("Content-Length", "\(body.readableBytes)"), ("Cache-Control", "no-store"),
            ("Connection", "close"), ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"),
            ("Content-Security-Policy", "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"),
        ])
        headers.add(contentsOf: extra)
        let response = HTTPResponseHead(version: head.version, status: HTTPResponseStatus(statusCode: answer.status), headers: headers)
        channel.write(HTTPServerResponsePart.head(response), promise: nil)
        if head.method != .HEAD { channel.write(HTTPServerResponsePart.body(.byteBuffer(body)), promise: nil) }
        channel.writeAndFlush(HTTPServerResponsePart.end(nil)).whenComplete { _ in channel.close(promise: nil) }
    }
}
