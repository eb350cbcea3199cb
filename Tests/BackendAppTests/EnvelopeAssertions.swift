import Foundation
import HummingbirdTesting
import RelayAPI
import Testing

/// Decodes an error envelope and checks the common rules: JSON, code, `request_id` = `X-Request-Id`.
@discardableResult
func expectEnvelope(_ response: TestResponse, status: Int, code: APIErrorCode, sourceLocation: SourceLocation = #_sourceLocation)
    throws -> ErrorEnvelope
{
    #expect(Int(response.status.code) == status, sourceLocation: sourceLocation)
    #expect(response.headers[.contentType]?.hasPrefix("application/json") == true, sourceLocation: sourceLocation)
    let envelope = try JSONDecoder().decode(ErrorEnvelope.self, from: Data(response.body.readableBytesView))
    #expect(envelope.error.code == code, sourceLocation: sourceLocation)
    #expect(!envelope.requestId.isEmpty, sourceLocation: sourceLocation)
    #expect(response.headers[.init("X-Request-Id")!] == envelope.requestId, sourceLocation: sourceLocation)
    return envelope
}
