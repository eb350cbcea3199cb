import AsyncHTTPClient
import NIOCore
import RelayIO

/// Bytes of a stored object as they arrive — from a local file or an S3 response — never collected
/// whole. Hand it to an HTTP response body as is.
package struct BlobBody: AsyncSequence, Sendable {
    package typealias Element = ByteBuffer

    enum Source: Sendable {
        case file(FileChunks)
        case http(HTTPClientResponse.Body)
    }

    let source: Source

    init(_ source: Source) { self.source = source }

    package func makeAsyncIterator() -> Iterator {
        switch source {
        case .file(let chunks): Iterator(state: .file(chunks.makeAsyncIterator()))
        case .http(let body): Iterator(state: .http(body.makeAsyncIterator()))
        }
    }

    package struct Iterator: AsyncIteratorProtocol {
        enum State {
            case file(FileChunks.Iterator)
            case http(HTTPClientResponse.Body.AsyncIterator)
        }

        var state: State

        package mutating func next() async throws -> ByteBuffer? {
            switch state {
            case .file(var iterator):
                let chunk = try await iterator.next()
                state = .file(iterator)
                return chunk
            case .http(var iterator):
                let chunk = try await iterator.next()
                state = .http(iterator)
                return chunk
            }
        }
    }
}
