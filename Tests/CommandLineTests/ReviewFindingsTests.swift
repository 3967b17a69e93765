import Foundation
import IOTables
import TestSupport
import Testing

/// Inputs found by two adversarial reviews on 2026-12-07 (tables and importers; scenarios and
/// reports), each the reviewer's reproduction, with the behaviour of the fix: sums that overflow
/// refused where they overflow, a percentage that overflowed, the supply account of shocks that
/// name their users, a tolerance that stopped before the shock acted, a start a fraction after
/// the last day, a batch file named like the batch's own files, `explain` on a multi-regional
/// run, trade files giving a year twice, negative employment, a primary input listed twice.
@Suite("Review findings, 2026-12-07")
struct ReviewFindingsTests {
    static let flanders = Fixtures.repositoryPath("matrices/flanders-2015")
    static let regions = Fixtures.repositoryPath("matrices/belgium-regions-2015")

    /// A copy of germany-1995 with `edit` applied to the text of one of its files.
    static func germany(_ file: String, _ edit: (String) -> String) throws -> String {
        let dir = Fixtures.temporaryDirectory("review-table")
        try Fixtures.germany1995().write(bundle: dir)
        let path = dir + "/" + file
        try edit(try String(contentsOfFile: path, encoding: .utf8)).write(toFile: path, atomically: true, encoding: .utf8)
        return dir
    }

    /// Replaces field `column` (0-based) of line `line` (1-based) of a CSV text.
    static func setField(_ text: String, line: Int, column: Int, to value: String) -> String {
        var lines = text.components(separatedBy: "\n")
        var fields = lines[line - 1].components(separatedBy: ",")
        fields[column] = value
        lines[line - 1] = fields.joined(separator: ",")
        return lines.joined(separator: "\n")
    }

    /// Two final-demand cells of 1.7e308 are finite; their sum is not. Before: `extract` printed
    /// -nan with exit 0 and `inspect` "final demand: inf".
    @Test func aRowThatAddsUpBeyondDoublePrecisionIsRefusedAtItsLine() throws {
        let dir = try Self.germany("final_demand.csv") { Self.setField(Self.setField($0, line: 2, column: 1, to: "1.7e308"), line: 2, column: 2, to: "1.7e308") }
        for command in [["extract", dir, "--format", "csv"], ["inspect", dir], ["multipliers", dir]] {
            let run = try Fixtures.run(command)
            #expect(run.status == 1, "\(command[0]): \(run.stdout)")
            #expect(run.stderr.contains("final_demand.csv:2: error: the flows of sector"), "\(command[0]): \(run.stderr)")
            #expect(!run.stdout.lowercased().contains("nan") && !run.stdout.contains("inf"), "\(command[0]): \(run.stdout)")
        }
    }

    /// One cell of 1e308: every sum is finite, but L f and its total overflow. Before: exit 0
    /// with output_loss 2.4e306 and output_loss_pct 0.
    @Test func anExtractionWhoseBaselineOverflowsIsRefused() throws {
        let dir = try Self.germany("final_demand.csv") { Self.setField($0, line: 3, column: 1, to: "1e308") }
        let run = try Fixtures.run(["extract", dir, "--format", "csv"])
        #expect(run.status == 1, "\(run.stdout)")
        #expect(run.stderr.contains("the demand-driven baseline L f"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }

    @Test func negativeEmploymentIsRefusedAtItsCell() throws {
        let dir = try Self.germany("employment.csv") { Self.setField($0, line: 2, column: 1, to: "-483") }
        let run = try Fixtures.run(["multipliers", dir])
        #expect(run.status == 1)
        #expect(run.stderr.contains("employment.csv:2:2: error: negative employment -483.0"), "\(run.stderr)")
    }

    /// employment.csv saved as employement.csv: the employment columns vanished without a word.
    @Test func aMisspeltBundleFileIsNamed() throws {
        for (from, to) in [("employment.csv", "employement.csv"), ("output.csv", "Output.csv")] {
            let dir = try Self.germany(from) { $0 }
            try FileManager.default.moveItem(atPath: dir + "/" + from, toPath: dir + "/" + to)
            let run = try Fixtures.run(["multipliers", dir])
            #expect(run.status == 1)
            #expect(run.stderr.contains("\(to): error: a file named like \(from), which the bundle lacks: did you mean \(from)?"), "\(run.stderr)")
        }
    }

    @Test func aPrimaryInputListedTwiceIsRefused() throws {
        let dir = try Self.germany("table.toml") { text in
            let lines = text.components(separatedBy: "\n").map { line -> String in
                guard line.hasPrefix("primary_inputs") else { return line }
                let first = line.components(separatedBy: "\"")[1]
                return line.replacingOccurrences(of: "[\"\(first)\"", with: "[\"\(first)\", \"\(first)\"")
            }
            return lines.joined(separator: "\n")
        }
        let run = try Fixtures.run(["inspect", dir])
        #expect(run.status == 1)
        #expect(run.stderr.contains("primary_inputs lists"), "\(run.stderr)")
        #expect(run.stderr.contains("twice"), "\(run.stderr)")
    }

    /// Leontief, +9e299 final demand for every product: 100 × change overflowed to inf in
    /// totals.csv (and `report` then refused the run). The ratio is taken first now.
    @Test func aHugeChangeGivesFinitePercentages() throws {
        let table = try IOTable(bundle: Self.flanders)
        let list = table.codes.map { "\"\($0)\"" }.joined(separator: ", ")
        let dir = Fixtures.directory(with: ["s.toml": "title = \"t\"\ntable = \"\(Self.flanders)\"\n[model]\nkind = \"leontief\"\n[[shock]]\nproducts = [\(list)]\nchange = 9e299\n"])
        let run = try Fixtures.run(["run", dir + "/s.toml", "--out", dir + "/out", "--format", "csv"])
        #expect(run.status == 0, "\(run.stderr)")
        let totals = try String(contentsOfFile: dir + "/out/totals.csv", encoding: .utf8)
        #expect(!totals.contains("inf") && !totals.contains("nan"), "\(totals)")
        // Every quantity rises by 9e299 × 100 % of final demand's share: about 9e301 %.
        #expect(totals.contains("e+301"), "\(totals)")
    }

    /// `users = ["35"]` on a non-EU cut of 20: only sector 35 loses supply. Before: supply.csv
    /// listed every user of 20 as cut (2,480.6 lost, households and re-exports included).
    @Test func theSupplyAccountOfAShockWithUsersCutsOnlyThem() throws {
        func run(_ users: String) throws -> String {
            let dir = Fixtures.directory(with: ["s.toml": "title = \"t\"\ntable = \"\(Self.flanders)\"\n[model]\nkind = \"supply-constrained\"\n[[shock]]\nproducts = [\"20\"]\norigin = \"non-EU\"\ncut = 0.5\n\(users)\n"])
            let r = try Fixtures.run(["run", dir + "/s.toml", "--out", dir + "/out"])
            #expect(r.status == 0, "\(r.stderr)")
            return try String(contentsOfFile: dir + "/out/supply.csv", encoding: .utf8)
        }
        let losing = { (text: String) in text.split(separator: "\n").dropFirst().filter { ($0.split(separator: ",").last.flatMap { Double($0) } ?? 0) > 0 } }
        let everyone = losing(try run(""))
        #expect(everyone.count > 20)
        let named = losing(try run("users = [\"35\"]"))
        #expect(named.count == 1 && named[0].hasPrefix("20,non_eu,35,"), "\(named)")
        // Half of 35's baseline non-EU purchases of 20 is lost (baseline, delivered, lost).
        let fields = named[0].split(separator: ",").compactMap { Double($0) }
        #expect(abs(fields[fields.count - 1] - fields[fields.count - 3] / 2) <= 1e-9 * fields[fields.count - 3])
    }

    /// A tolerance is at most 1e-3; 0.5 stopped the long run after one round with no impact.
    @Test func aLooseToleranceIsRefused() throws {
        let dir = Fixtures.directory(with: ["s.toml": "title = \"t\"\ntable = \"\(Self.flanders)\"\n[model]\nkind = \"supply-constrained\"\ntolerance = 0.5\n[[shock]]\nproducts = [\"20\"]\norigin = \"non-EU\"\ncut = 0.5\n"])
        for command in ["check", "run"] {
            let r = try Fixtures.run([command, dir + "/s.toml"])
            #expect(r.status == 1)
            #expect(r.stderr.contains("s.toml:5:13: error: tolerance must be greater than 0 and at most 0.001, found 0.5"), "\(r.stderr)")
        }
    }

    /// Two price changes of +1e305 on one product compound to inf: `check` said ok and `run`
    /// refused. The check solves price scenarios now (one solve), at the first price shock.
    @Test func checkRefusesPricesThatOverflowAsRunDoes() throws {
        let shock = "[[shock]]\nkind = \"import-price\"\nproducts = [\"35\"]\norigin = \"non-EU\"\nprice_change = 1e305\n"
        let dir = Fixtures.directory(with: ["s.toml": "title = \"t\"\ntable = \"\(Self.flanders)\"\n[model]\nkind = \"price\"\n" + shock + shock])
        for command in ["check", "run"] {
            let r = try Fixtures.run([command, dir + "/s.toml"])
            #expect(r.status == 1, "\(command): \(r.stdout)")
            #expect(r.stderr.contains("s.toml:5: error: the import price change of product 35"), "\(command): \(r.stderr)")
        }
    }

    /// A scenario file named summary.csv.toml in a batch: its run directory took the name of the
    /// batch's summary.csv and the batch failed after every run. It is summary.csv-2 now.
    @Test func aBatchScenarioNamedLikeTheBatchFilesGetsAnotherName() throws {
        let text = "title = \"t\"\ntable = \"\(Self.flanders)\"\n[model]\nkind = \"leontief\"\n[[shock]]\nproducts = [\"20\"]\nchange = -0.1\n"
        let dir = Fixtures.directory(with: ["summary.csv.toml": text, "batch.json.toml": text, "x.toml": text])
        let r = try Fixtures.run(["run", dir + "/summary.csv.toml", dir + "/batch.json.toml", dir + "/x.toml", "--out", dir + "/out"])
        #expect(r.status == 0, "\(r.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir + "/out").sorted()
        #expect(names.contains("summary.csv-2") && names.contains("batch.json-2") && names.contains("x"), "\(names)")
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: dir + "/out/summary.csv", isDirectory: &isDirectory) && !isDirectory.boolValue)
    }

    /// `explain --sector` on the three-region table: region:code was refused ("no sector") and a
    /// bare code silently explained Flanders. Now region:code is explained and a bare code that
    /// several regions have is refused with the choices.
    @Test func explainNamesSectorsOfAMultiRegionalRunByRegion() throws {
        let dir = Fixtures.directory(with: ["s.toml": "title = \"t\"\ntable = \"\(Self.regions)\"\n[model]\nkind = \"supply-constrained\"\n[[shock]]\nproducts = [\"20\"]\norigin = \"non-EU\"\ncut = 0.5\n"])
        #expect(try Fixtures.run(["run", dir + "/s.toml", "--out", dir + "/out"]).status == 0)
        let wallonia = try Fixtures.run(["explain", dir + "/out", "--sector", "Wallonia:20"])
        #expect(wallonia.status == 0, "\(wallonia.stderr)")
        #expect(wallonia.stdout.hasPrefix("Wallonia:20 (Chemicals and chemical products): output -"), "\(wallonia.stdout)")
        let bare = try Fixtures.run(["explain", dir + "/out", "--sector", "20"])
        #expect(bare.status == 1)
        #expect(bare.stderr.contains("\"20\" is a product of 3 regions in this run") && bare.stderr.contains("Flanders:20, Wallonia:20, Brussels:20"), "\(bare.stderr)")
        // On a one-region run a bare code is the sector.
        let one = Fixtures.directory(with: ["s.toml": "title = \"t\"\ntable = \"\(Self.flanders)\"\n[model]\nkind = \"supply-constrained\"\n[[shock]]\nproducts = [\"20\"]\norigin = \"non-EU\"\ncut = 0.5\n"])
        #expect(try Fixtures.run(["run", one + "/s.toml", "--out", one + "/out"]).status == 0)
        let plain = try Fixtures.run(["explain", one + "/out", "--sector", "20"])
        #expect(plain.status == 0 && plain.stdout.hasPrefix("20 (Chemicals and chemical products): output -"), "\(plain.stdout + plain.stderr)")
    }
}

/// Trade files that would count flows twice, or whose sums overflow (review of 2026-12-07).
/// Before: the 2022 file given twice doubled every 2022 flow; two values of 1e308 gave inf and
/// -nan in dependencies.csv and summary_by_product.csv, with exit 0.
@Suite("Trade files read once, values bounded")
struct TradeFileReviewTests {
    static let sample = Fixtures.repositoryPath("data/trade-sample")

    static func arguments(trade: [String], out: String) -> [String] {
        ["dependencies"] + trade.flatMap { ["--trade", $0] }
            + ["--country-codes", "\(sample)/country_codes_synthetic.csv", "--correspondence", "\(sample)/hs6_cpa_synthetic.csv",
               "--table", Fixtures.repositoryPath("matrices/belgium-2015"), "--reporter", "BEL", "--year", "2022", "--method", "ec2021", "--out", out]
    }

    @Test func aYearGivenByTwoFilesIsRefused() throws {
        let y2022 = "\(Self.sample)/BACI_HS17_Y2022_synthetic.csv"
        let out = Fixtures.temporaryDirectory("review-trade") + "/out"
        let run = try Fixtures.run(Self.arguments(trade: [y2022, y2022], out: out))
        #expect(run.status == 1)
        #expect(run.stderr.contains("BACI_HS17_Y2022_synthetic.csv: error: the file has flows of 2022, which an earlier file already gave"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func aValueAboveWorldTradeIsRefusedAtItsRow() throws {
        let text = try String(contentsOfFile: "\(Self.sample)/BACI_HS17_Y2022_synthetic.csv", encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        var fields = lines[1].components(separatedBy: ",")
        fields[4] = "1e308"
        lines[1] = fields.joined(separator: ",")
        let dir = Fixtures.directory(with: ["y22.csv": lines.joined(separator: "\n")])
        let run = try Fixtures.run(Self.arguments(trade: [dir + "/y22.csv"], out: dir + "/out"))
        #expect(run.status == 1)
        #expect(run.stderr.contains("y22.csv:2:5: error: the trade value 1e+308 (thousand USD) is above 1000000000000.0"), "\(run.stderr)")
    }
}
