import BackendCore
import Testing

/// Seed 002's batch CSV: RFC 4180 fields, list columns, and refusals that name the line and column.
@Suite("Batch CSV")
struct BatchCSVTests {
    @Test("quoted lists, doubled quotes, line breaks inside quotes, CRLF, a BOM, blank lines, any column order")
    func parses() throws {
        let text = "\u{FEFF}dub_file,master_file,methods,description,tags\r\n"
            + "b.wav,a.wav,\"mfcc,onset\",\"Reel 1, \"\"final\"\"\",\"daily, batch\"\r\n"
            + "\r\n"
            + "d.wav,c.wav,spectral,\"two\nlines\",\n"
            + "f.wav,e.wav,,,\n"
        let csv = try BatchCSV(text)
        #expect(csv.rows.count == 3)
        let first = csv.rows[0]
        #expect(first.line == 2 && first.masterFile == "a.wav" && first.dubFile == "b.wav" && first.methods == ["mfcc", "onset"])
        #expect(first.aiModel == nil && first.description == "Reel 1, \"final\"" && first.tags == ["daily", "batch"])
        #expect(csv.rows[1].line == 4 && csv.rows[1].description == "two\nlines")
        #expect(csv.rows[2].line == 6 && csv.rows[2].methods.isEmpty && csv.rows[2].description == nil)
    }

    @Test("refusals name the line and column", arguments: [
        ("", 1, nil as String?),
        ("master_file\na.wav\n", 1, "dub_file"),
        ("master_file,dub_file,colour\na,b,c\n", 1, "colour"),
        ("master_file,dub_file,dub_file\na,b,c\n", 1, "dub_file"),
        ("master_file,dub_file\na.wav\n", 2, nil),
        ("master_file,dub_file\na.wav,b.wav\n,b.wav\n", 3, "master_file"),
        ("master_file,dub_file\n\"a.wav,b.wav\n", 2, nil),
        ("master_file,dub_file\na\"x\",b\n", 2, nil),
        ("master_file,dub_file\n\"a\"x,b\n", 2, nil),
        ("master_file,dub_file\n", 2, nil),
    ])
    func refuses(text: String, line: Int, column: String?) {
        do {
            _ = try BatchCSV(text)
            Issue.record("accepted: \(text.debugDescription)")
        } catch let error as AppError {
            #expect(error.status == 400 && error.code.rawValue == "INVALID_CSV_FORMAT")
            #expect(error.details["line"] == .number(Double(line)), "\(error)")
            #expect(error.details["column"] == column.map { .string($0) }, "\(error)")
        } catch {
            Issue.record("not an AppError: \(error)")
        }
    }
}
