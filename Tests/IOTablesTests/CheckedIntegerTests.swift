import Foundation
import IOTables
import Testing
import TestSupport

/// The one checked conversion of parsed numbers to integers, and the sizes checked before
/// allocating (issue 10, §3).
@Suite("Checked integers and memory limits")
struct CheckedIntegerTests {
    /// Values that `Int(_:)` traps on or that have no integer in the range.
    @Test(arguments: [Double.nan, .infinity, -.infinity, 1e19, -1e19, 9.3e18, Double(Int.max), 1e300, -1e300])
    func valuesBeyondIntAreNil(value: Double) {
        #expect(CheckedInteger.int(value) == nil)
        #expect(CheckedInteger.int(value, rounding: .down) == nil)
        #expect(throws: InputError.self) { try Int(checking: value, "start_day", in: 0...364, file: "s.toml", line: 3, column: 13) }
    }

    @Test func wholeNumbersInsideTheRange() throws {
        #expect(CheckedInteger.int(42) == 42)
        #expect(CheckedInteger.int(-0.0) == 0)
        #expect(CheckedInteger.int(2.5) == nil)
        #expect(CheckedInteger.int(2.5, rounding: .down) == 2)
        #expect(CheckedInteger.int(2.5, rounding: .up) == 3)
        #expect(CheckedInteger.int(365, in: 1...364) == nil)
        #expect(try Int(checking: 364.9, "start_day", in: 0...364, rounding: .down, file: "s.toml") == 364)
    }

    @Test func theErrorNamesThePositionTheValueAndTheRange() {
        #expect {
            try Int(checking: 1e19, "start_day", in: 0...364, rounding: .down, file: "s.toml", line: 9, column: 13, hint: "move start_day")
        } throws: { error in
            (error as? InputError)?.description == "s.toml:9:13: error: start_day must be between 0 and 364, found 1e+19\n  hint: move start_day"
        }
        #expect {
            try Int(checking: 2.5, "steps", in: 1...Int.max, file: "s.toml", line: 2, column: 9)
        } throws: { error in
            (error as? InputError)?.description == "s.toml:2:9: error: steps must be a whole number 1 or more, found 2.5"
        }
        #expect {
            try Int(checking: .nan, "draws", in: 1...10, file: "s.toml")
        } throws: { error in
            (error as? InputError)?.message.contains("found nan (not a finite number)") == true
        }
    }

    @Test func wholeTextNeverTraps() {
        #expect(CheckedInteger.wholeText(90) == "90")
        #expect(CheckedInteger.wholeText(0.5) == "0.5")
        #expect(CheckedInteger.wholeText(1e19) == "1e+19")
        #expect(CheckedInteger.wholeText(.infinity) == "inf")
        #expect(CheckedInteger.wholeText(-1e300) == "-1e+300")
    }

    /// TOMLFields.int(_:in:): integers and whole floats in the range; anything else at its position.
    @Test func tomlIntegersWithARange() throws {
        let document = try TOMLDocument(path: "t.toml", text: "a = 365\nb = 365.0\nc = 1e19\nd = 2.5\ne = 4000\nf = \"x\"\n")
        var fields = TOMLFields(document.root, path: "t.toml")
        #expect(try fields.int("a", in: 1...3650) == 365)
        #expect(try fields.int("b", in: 1...3650) == 365)
        #expect(try fields.int("missing", in: 1...3650) == nil)
        for (key, expected) in [("c", "t.toml:3:5: error: c must be between 1 and 3650, found 1e+19"),
                                ("d", "t.toml:4:5: error: d must be a whole number between 1 and 3650, found 2.5"),
                                ("e", "t.toml:5:5: error: e must be between 1 and 3650, found 4000"),
                                ("f", "t.toml:6:5: error: \"f\" must be an integer, found a string")] {
            #expect(throws: InputError.self) { try fields.int(key, in: 1...3650) }
            do { _ = try fields.int(key, in: 1...3650) } catch { #expect(error.description == expected) }
        }
    }

    // MARK: Memory

    @Test func memoryEstimatesOverflowToNilAndDoNotFit() {
        #expect(MemoryBudget.bytes([300_000, 300_000], each: 8) == 720_000_000_000)
        #expect(!MemoryBudget.fits(MemoryBudget.bytes([300_000, 300_000], each: 8)))
        #expect(MemoryBudget.bytes([Int.max, 2], each: 8) == nil)
        #expect(!MemoryBudget.fits(nil))
        #expect(MemoryBudget.fits(MemoryBudget.bytes([1000, 1000], each: 8)))
        #expect(MemoryBudget.text(16 << 30) == "16.0 GiB")
        #expect(MemoryBudget.text(nil) == "more than 8 EiB")
    }

    /// A Z.csv header with a million columns on a 15,000-sector table is refused before
    /// rows × columns doubles (120 GB) are reserved.
    @Test func tooManyColumnsAreRefused() throws {
        let header = "code," + (0..<1_000_000).map { "C\($0)" }.joined(separator: ",")
        let dir = Fixtures.directory(with: [
            "table.toml": "name = \"wide\"\ntitle = \"wide\"\nunit = \"EUR million\"\n",
            "sectors.csv": "code,name\n" + (0..<MemoryBudget.maximumSectors).map { "S\($0),sector \($0)\n" }.joined(),
            "Z.csv": header + "\nS0," + String(repeating: "0,", count: 999_999) + "0\n",
            "final_demand.csv": "code,households\nS0,1\n",
            "value_added.csv": "component,S0\ngross_value_added,1\n",
        ])
        #expect {
            _ = try IOTable(bundle: dir)
        } throws: { error in
            let e = error as? InputError
            let ok = e?.file.hasSuffix("Z.csv") == true && e?.line == 1 && e?.message.contains("1000000 columns, more than the 15000") == true
            if !ok { Issue.record("got \(error)") }
            return ok
        }
    }

    /// sectors.csv with more sectors than the limit is refused before any n × n matrix is sized
    /// from it (a 15,001-line file would otherwise reserve 15,001² doubles for Z.csv).
    @Test func tooManySectorsAreRefused() throws {
        let n = MemoryBudget.maximumSectors + 1
        var sectors = "code,name\n"
        for k in 0..<n { sectors += "S\(k),sector \(k)\n" }
        let dir = Fixtures.directory(with: [
            "table.toml": "name = \"big\"\ntitle = \"big\"\nunit = \"EUR million\"\n",
            "sectors.csv": sectors,
            "Z.csv": "code,S0\nS0,1\n",
            "final_demand.csv": "code,households\nS0,1\n",
            "value_added.csv": "component,S0\ngross_value_added,1\n",
        ])
        #expect {
            _ = try IOTable(bundle: dir)
        } throws: { error in
            let e = error as? InputError
            if e == nil || !(e!.file.hasSuffix("sectors.csv") && e!.line == n + 1 && e!.message.contains("more than the 15000 ioshock accepts")) { Issue.record("got \(error)") }
            return e != nil
        }
    }
}
