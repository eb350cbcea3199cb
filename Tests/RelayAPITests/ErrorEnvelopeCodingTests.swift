import Foundation
import RelayAPI
import Testing

@Suite("Error envelope coding")
struct ErrorEnvelopeCodingTests {
    @Test("encodes the seed shape: error.code/message/details and request_id")
    func shape() throws {
        let envelope = ErrorEnvelope(
            error: ErrorBody(code: .validation, message: "bad", details: ["field": "name", "max": 3]), requestId: "r-1")
        let object = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(envelope)) as? [String: Any])
        #expect(object["request_id"] as? String == "r-1")
        let error = try #require(object["error"] as? [String: Any])
        #expect(error["code"] as? String == "VALIDATION_ERROR")
        #expect(error["message"] as? String == "bad")
        let details = try #require(error["details"] as? [String: Any])
        #expect(details["field"] as? String == "name")
        #expect(details["max"] as? Double == 3)
        #expect(try JSONDecoder().decode(ErrorEnvelope.self, from: JSONEncoder().encode(envelope)) == envelope)
    }

    @Test("JSONValue round-trips every kind of value")
    func jsonValue() throws {
        let value: JSONValue = .object(["a": .null, "b": true, "c": .number(1.5), "d": "x", "e": [1, "two", .object([:])]])
        #expect(try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value)) == value)
    }
}
