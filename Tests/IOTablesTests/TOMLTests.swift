import IOTables
import Testing

@Suite("TOML parsing")
struct TOMLTests {
    let text = """
    # a scenario
    name = "chemicals"   # trailing comment
    cut = 0.5
    days = 90
    flag = true
    codes = ["20", "21",
             "24"]
    big = 1_000
    inline = { a = 1, b = "x" }

    [model]
    kind = "supply-constrained"
    tolerance = 1e-10

    [[shock]]
    product = "20"

    [[shock]]
    product = "21"
    origin.name = "non-EU"
    notes = \"\"\"
    two
    lines\"\"\"
    """

    @Test func valuesAndPositions() throws {
        let doc = try TOMLDocument(path: "s.toml", text: text)
        let root = doc.root
        #expect(root.keys.prefix(4) == ["name", "cut", "days", "flag"])
        guard case .string("chemicals") = root["name"]?.value else { Issue.record("name"); return }
        guard case .float(0.5) = root["cut"]?.value else { Issue.record("cut"); return }
        guard case .integer(90) = root["days"]?.value else { Issue.record("days"); return }
        guard case .integer(1000) = root["big"]?.value else { Issue.record("big"); return }
        #expect(root["cut"]?.position == SourcePosition(line: 3, column: 7))
        #expect(root.keyPosition("days") == SourcePosition(line: 4, column: 1))
        guard case let .array(codes) = root["codes"]?.value else { Issue.record("codes"); return }
        #expect(codes.count == 3)
        #expect(codes[2].position.line == 7)
        guard case let .table(model) = root["model"]?.value, case .float(1e-10) = model["tolerance"]?.value else { Issue.record("model"); return }
        guard case let .array(shocks) = root["shock"]?.value, shocks.count == 2,
              case let .table(second) = shocks[1].value,
              case let .table(origin) = second["origin"]?.value,
              case .string("non-EU") = origin["name"]?.value,
              case .string("two\nlines") = second["notes"]?.value else { Issue.record("shock"); return }
        #expect(second.position.line == 18)
    }

    @Test(arguments: [
        ("a = 1\na = 2\n", 2, "set twice"),
        ("a = \"open\n", 1, "never closed"),
        ("a = 1 2\n", 1, "unexpected"),
        ("[t]\n[t]\n", 2, "defined twice"),
        ("a = [1, 2\n", 1, "never closed"),
        ("a = hello\n", 1, "not a valid value"),
        ("a = 2024-01-01\n", 1, "dates"),
        ("= 3\n", 1, "expected a key"),
    ])
    func errorsNameTheirLine(source: String, line: Int, message: String) {
        #expect {
            try TOMLDocument(path: "bad.toml", text: source)
        } throws: { error in
            let e = error as! InputError
            return e.file == "bad.toml" && e.line == line && e.message.contains(message)
        }
    }

    @Test func unknownKeysGetADidYouMean() throws {
        let doc = try TOMLDocument(path: "k.toml", text: "name = \"x\"\ntolerence = 1e-9\n")
        var fields = TOMLFields(doc.root, path: doc.path)
        _ = try fields.string("name")
        _ = try fields.double("tolerance")
        #expect {
            try fields.rejectUnknownKeys()
        } throws: { error in
            let e = error as! InputError
            return e.line == 2 && e.column == 1 && e.message.contains("tolerence") && (e.hint ?? "").contains("did you mean \"tolerance\"")
        }
    }

    @Test func wrongTypeIsReported() throws {
        let doc = try TOMLDocument(path: "k.toml", text: "tolerance = \"small\"\n")
        var fields = TOMLFields(doc.root, path: doc.path)
        #expect {
            try fields.double("tolerance")
        } throws: { error in
            let e = error as! InputError
            return e.line == 1 && e.message.contains("must be a number, found a string")
        }
    }
}
