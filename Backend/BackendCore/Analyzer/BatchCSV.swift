import Foundation
import RelayAPI

/// Seed 002's batch CSV: a header naming the columns (`master_file`, `dub_file` required; `methods`,
/// `ai_model`, `description`, `tags` optional; any order), then one pair per line. RFC 4180 quoting:
/// a field in double quotes may hold commas, line breaks and doubled quotes; list fields (`methods`,
/// `tags`) are comma-separated inside their quotes. Blank lines are skipped.
package struct BatchCSV: Sendable, Equatable {
    package struct Row: Sendable, Equatable {
        /// 1-based line of the file the row starts on (the header is line 1).
        package var line: Int
        package var masterFile: String
        package var dubFile: String
        package var methods: [String]
        package var aiModel: String?
        package var description: String?
        package var tags: [String]
    }

    package var rows: [Row]

    package static let knownColumns = ["master_file", "dub_file", "methods", "ai_model", "description", "tags"]
    package static let maxRows = 10_000

    /// A refusal naming where: 400 `INVALID_CSV_FORMAT` with `details.line` and `details.column`.
    package static func refusal(_ message: String, line: Int, column: String? = nil) -> AppError {
        var details: [String: JSONValue] = ["line": .number(Double(line))]
        if let column { details["column"] = .string(column) }
        return AppError(status: 400, code: .invalidCSVFormat, message: "line \(line)\(column.map { ", column \($0)" } ?? ""): \(message)", details: details)
    }

    /// Parses `text`; throws the first problem found (structure only — files and methods are checked by
    /// the service).
    package init(_ text: String) throws {
        let records = try Self.records(text)
        guard let (headerLine, header) = records.first else { throw Self.refusal("the file is empty", line: 1) }
        let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for (index, name) in names.enumerated() where !Self.knownColumns.contains(name) {
            throw Self.refusal("unknown column \(name.isEmpty ? "(empty)" : name) (position \(index + 1)); columns are \(Self.knownColumns.joined(separator: ", "))", line: headerLine, column: name)
        }
        if let duplicate = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            throw Self.refusal("column \(duplicate) appears twice", line: headerLine, column: duplicate)
        }
        for required in ["master_file", "dub_file"] where !names.contains(required) {
            throw Self.refusal("the header has no \(required) column", line: headerLine, column: required)
        }
        var rows: [Row] = []
        for (line, fields) in records.dropFirst() {
            if fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            guard fields.count == names.count else {
                throw Self.refusal("\(fields.count) fields, the header has \(names.count)", line: line)
            }
            var values: [String: String] = [:]
            for (name, field) in zip(names, fields) { values[name] = field.trimmingCharacters(in: .whitespaces) }
            func list(_ name: String) -> [String] {
                (values[name] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            for required in ["master_file", "dub_file"] where (values[required] ?? "").isEmpty {
                throw Self.refusal("\(required) is empty", line: line, column: required)
            }
            rows.append(Row(
                line: line, masterFile: values["master_file"]!, dubFile: values["dub_file"]!, methods: list("methods"),
                aiModel: values["ai_model"].flatMap { $0.isEmpty ? nil : $0 }, description: values["description"].flatMap { $0.isEmpty ? nil : $0 },
                tags: list("tags")))
            if rows.count > Self.maxRows { throw Self.refusal("more than \(Self.maxRows) rows", line: line) }
        }
        guard !rows.isEmpty else { throw Self.refusal("no rows after the header", line: headerLine + 1) }
        self.rows = rows
    }

    /// Records (line number, fields) of RFC 4180 text; `\r\n` or `\n` line ends.
    package static func records(_ text: String) throws -> [(Int, [String])] {
        var records: [(Int, [String])] = []
        var fields: [String] = []
        var field = ""
        var line = 1, recordLine = 1
        var quoted = false, wasQuoted = false
        var iterator = Array(text.unicodeScalars.map(Character.init))[...]
        if iterator.first == "\u{FEFF}" { iterator = iterator.dropFirst() }  // a byte-order mark
        var index = iterator.startIndex
        func endRecord() {
            fields.append(field)
            records.append((recordLine, fields))
            fields = []
            field = ""
            wasQuoted = false
        }
        while index < iterator.endIndex {
            let c = iterator[index]
            index += 1
            if quoted {
                if c == "\"" {
                    if index < iterator.endIndex, iterator[index] == "\"" {
                        field.append("\"")
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"":
                guard field.trimmingCharacters(in: .whitespaces).isEmpty, !wasQuoted else {
                    throw refusal("a quote inside an unquoted field", line: line)
                }
                field = ""
                quoted = true
                wasQuoted = true
            case ",":
                fields.append(field)
                field = ""
                wasQuoted = false
            case "\r":
                continue
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                if wasQuoted, c != " " { throw refusal("text after a closing quote", line: line) }
                field.append(c)
            }
        }
        if quoted { throw refusal("a quoted field is not closed", line: recordLine) }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}
