import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The few S3 XML documents `S3BlobStore` reads and writes.
///
/// Responses are parsed with Foundation's `XMLParser` into a small element tree; namespaces are
/// ignored (S3 puts everything in its default namespace), text is trimmed when read.
enum S3XML {
    /// One element: its name, its own text and its child elements.
    struct Element: Sendable {
        var name: String
        var text = ""
        var children: [Element] = []

        /// First child named `name`.
        func child(_ name: String) -> Element? { children.first { $0.name == name } }

        /// Trimmed text of the first child named `name`.
        func value(_ name: String) -> String? {
            child(name).map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
        }
    }

    /// The `<Error>` body S3 sends with failures (and sometimes with `200 OK`).
    struct ErrorBody: Sendable, Equatable {
        var code: String
        var message: String
    }

    /// One page of a `ListParts` answer.
    struct PartsPage: Sendable, Equatable {
        var parts: [UploadedPart]
        var isTruncated: Bool
        var nextPartNumberMarker: Int?
    }

    /// Parses `data` into its root element; `nil` when it is not well-formed XML.
    static func parse(_ data: Data) -> Element? {
        // S3 may pad a long-running answer with whitespace before the document; libxml2 refuses an
        // XML declaration that does not start the input.
        guard let start = data.firstIndex(where: { !isWhitespace($0) }) else { return nil }
        let parser = XMLParser(data: Data(data[start...]))
        let builder = TreeBuilder()
        parser.delegate = builder
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        guard parser.parse() else { return nil }
        return builder.root
    }

    /// The error an S3 answer reports, if its root element is `<Error>`.
    static func error(in data: Data) -> ErrorBody? {
        guard let root = parse(data), root.name == "Error" else { return nil }
        return ErrorBody(code: root.value("Code") ?? "", message: root.value("Message") ?? "")
    }

    /// `UploadId` of an `InitiateMultipartUploadResult`.
    static func uploadId(in data: Data) -> String? {
        guard let root = parse(data), root.name == "InitiateMultipartUploadResult" else { return nil }
        return root.value("UploadId").flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A `ListPartsResult` page; `nil` when the document is not one or a part is malformed.
    static func partsPage(in data: Data) -> PartsPage? {
        guard let root = parse(data), root.name == "ListPartsResult" else { return nil }
        var parts: [UploadedPart] = []
        for element in root.children where element.name == "Part" {
            guard let number = element.value("PartNumber").flatMap({ Int($0) }),
                let etag = element.value("ETag"),
                let size = element.value("Size").flatMap({ Int64($0) })
            else { return nil }
            parts.append(UploadedPart(partNumber: number, etag: unquote(etag), size: size))
        }
        return PartsPage(
            parts: parts,
            isTruncated: root.value("IsTruncated")?.lowercased() == "true",
            nextPartNumberMarker: root.value("NextPartNumberMarker").flatMap { Int($0) }
        )
    }

    /// ETag of a `CompleteMultipartUploadResult`, unquoted; `nil` for any other document.
    static func completedETag(in data: Data) -> String? {
        guard let root = parse(data), root.name == "CompleteMultipartUploadResult" else { return nil }
        return root.value("ETag").map(unquote)
    }

    /// The `CompleteMultipartUpload` request body, parts in the order given.
    static func completeRequest(_ parts: [CompletedPart]) -> Data {
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"#
        xml += #"<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#
        for part in parts {
            xml += "<Part><PartNumber>\(part.partNumber)</PartNumber>"
            xml += "<ETag>\"\(escape(unquote(part.etag)))\"</ETag></Part>"
        }
        xml += "</CompleteMultipartUpload>"
        return Data(xml.utf8)
    }

    /// `CreateBucketConfiguration` naming a region (required by AWS outside `us-east-1`).
    static func createBucketRequest(region: String) -> Data {
        let xml = #"<?xml version="1.0" encoding="UTF-8"?>"#
            + #"<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#
            + "<LocationConstraint>\(escape(region))</LocationConstraint></CreateBucketConfiguration>"
        return Data(xml.utf8)
    }

    /// An entity tag without surrounding whitespace and quotes.
    static func unquote(_ etag: String) -> String {
        var value = Substring(etag.trimmingCharacters(in: .whitespaces))
        if value.hasPrefix("\"") { value = value.dropFirst() }
        if value.hasSuffix("\"") { value = value.dropLast() }
        return String(value)
    }

    /// Escapes text for an XML element body (client-supplied ETags end up in request XML).
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}

/// Builds an `S3XML.Element` tree from parser callbacks. Used by one parse call on one thread.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    private var stack: [S3XML.Element] = []
    private(set) var root: S3XML.Element?

    func parser(
        _ parser: XMLParser,
        didStartElement elementName: String,
        namespaceURI: String?,
        qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        stack.append(S3XML.Element(name: elementName))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(
        _ parser: XMLParser,
        didEndElement elementName: String,
        namespaceURI: String?,
        qualifiedName qName: String?
    ) {
        guard let finished = stack.popLast() else { return }
        if stack.isEmpty {
            root = finished
        } else {
            stack[stack.count - 1].children.append(finished)
        }
    }
}
