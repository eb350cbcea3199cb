import AsyncHTTPClient
import Foundation
import NIOCore

extension MulticamClient {
    /// POSTs `multipart/form-data` to `path`: the text `fields` (in name order), then `fileBytes` as
    /// field `file` named `fileName`. Returns the status and the JSON object answered.
    func postMultipart(
        _ path: String, fields: [String: String], fileName: String, fileBytes: Data, contentType: String
    ) async throws -> (status: Int, object: [String: Any]) {
        let boundary = "relay-\(UUID().uuidString)"
        var body = Data()
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(key)\"\r\n\r\n\(value)\r\n".utf8))
        }
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\nContent-Type: \(contentType)\r\n\r\n".utf8))
        body.append(fileBytes)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        var request = HTTPClientRequest(url: base + path)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "multipart/form-data; boundary=\(boundary)")
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let answer = try await response.body.collect(upTo: 4 << 20)
        return (Int(response.status.code), (try? JSONSerialization.jsonObject(with: Data(answer.readableBytesView))) as? [String: Any] ?? [:])
    }
}
