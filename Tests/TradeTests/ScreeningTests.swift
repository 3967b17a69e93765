import Foundation
import IOTables
import TestSupport
import Testing
@testable import Trade

/// Small BACI files whose criteria are worked out by hand in the comments.
/// The error `body` throws; records an issue when it throws none.
func caught(_ body: () throws(InputError) -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> InputError {
    do { try body() } catch { return error }
    Issue.record("no error was thrown", sourceLocation: sourceLocation)
    return InputError(file: "", "")
}

enum TradeFiles {
    static let countries = """
    country_code,country_name,country_iso2,country_iso3
    56,Belgium,BE,BEL
    156,China,CN,CHN
    251,France,FR,FRA
    842,USA,US,USA

    """

    /// Writes the files into a fresh directory and returns it.
    static func directory(_ files: [String: String]) -> String {
        Fixtures.directory(with: ["country_codes.csv": countries].merging(files) { $1 })
    }

    static func aggregates(_ dir: String, files: [String], reporter: String = "BEL", years: [Int]) throws(InputError) -> TradeAggregates {
        let codes = try CountryCodes(path: dir + "/country_codes.csv")
        var data = TradeAggregates(countries: codes, reporter: codes.index(iso3: reporter)!, years: years)
        for f in files { try BACIReader.read(dir + "/" + f, into: &data) }
        return data
    }

    /// One year, two goods.
    /// 850511: Belgium imports 300 from China and 100 from the USA, China sells 600 to France,
    ///   Belgium exports 50 to France.
    /// 10121 (HS 010121, written without its leading zero as BACI does): Belgium imports 60 from
    ///   France and 40 from China, and exports none.
    static let oneYear = """
    t,i,j,k,v,q
    2022,156,56,850511,300.000,12.5
    2022,842,56,850511,100.000,NA
    2022,156,251,850511,600.000,NA
    2022,56,251,850511,50.000,           NA
    2022,251,56,10121,60.000,3
    2022,156,56,10121,40.000,2

    """
}

@Suite("GeoDep and EC2021 screenings, by hand")
struct ScreeningTests {
    @Test func geodepCriteriaByHand() throws {
        let dir = TradeFiles.directory(["y2022.csv": TradeFiles.oneYear])
        var geodep = GeoDep()
        geodep.window = 1
        geodep.minYears = 1
        let data = try TradeFiles.aggregates(dir, files: ["y2022.csv"], years: geodep.years(endingWith: 2022))
        let screening = try geodep.screen(data, year: 2022, source: "y2022.csv")
        #expect(screening.goods.map(\.hs6) == ["010121", "850511"])
        let magnets = screening.goods[1]
        // HHI_M = (300/400)² + (100/400)² = 0.5625 + 0.0625 = 0.625.
        #expect(abs(magnets.criteria[0]! - 0.625) < 1e-15)
        // World exports by exporter: China 300 + 600 = 900, USA 100, Belgium 50, of 1050:
        // HHI_W = (900² + 100² + 50²) / 1050² = 822500 / 1102500.
        #expect(abs(magnets.criteria[1]! - 822_500.0 / 1_102_500.0) < 1e-15)
        // R = imports 400 / exports 50 = 8.
        #expect(magnets.criteria[2] == 8)
        #expect(magnets.criteria[3] == 1 && magnets.dependent)
        #expect(magnets.imports == 400 && magnets.nonEUImports == 400)
        #expect(magnets.mainSupplier == "CHN" && magnets.mainSupplierShare == 0.75)
        let horses = screening.goods[0]
        // HHI_M = 0.6² + 0.4² = 0.52 = HHI_W (France 60, China 40 are the only exporters);
        // no exports, so R = 9999 as GeoDep imposes.
        #expect(abs(horses.criteria[0]! - 0.52) < 1e-15 && abs(horses.criteria[1]! - 0.52) < 1e-15)
        #expect(horses.criteria[2] == 9999 && horses.dependent)
        // Only China is outside the EU among the suppliers.
        #expect(horses.nonEUImports == 40 && horses.mainSupplier == "CHN" && horses.mainSupplierShare == 0.4)
    }

    @Test func ec2021CriteriaByHand() throws {
        let dir = TradeFiles.directory(["y2022.csv": TradeFiles.oneYear])
        let data = try TradeFiles.aggregates(dir, files: ["y2022.csv"], years: [2022])
        let screening = try EC2021().screen(data, year: 2022, source: "y2022.csv")
        let magnets = screening.goods[1], horses = screening.goods[0]
        // 850511: extra-EU imports = China 300 + USA 100 = 400 of 400 (share 1); HHI among
        // extra-EU partners = 0.75² + 0.25² = 0.625; substitutability = 400 / exports 50 = 8.
        #expect(magnets.criteria[0] == 400 && magnets.criteria[1] == 400 && magnets.criteria[2] == 1)
        #expect(abs(magnets.criteria[3]! - 0.625) < 1e-15 && magnets.criteria[4] == 8 && magnets.dependent)
        // 010121: extra-EU imports = China 40 of 100 (share 0.4 ≤ 0.5, so not dependent although
        // HHI_extra = 1 and substitutability = 40 / 0 → 9999).
        #expect(horses.criteria[0] == 40 && horses.criteria[1] == 100 && horses.criteria[2] == 0.4)
        #expect(horses.criteria[3] == 1 && horses.criteria[4] == 9999 && !horses.dependent)
        var lenient = EC2021()
        lenient.share = 0.39
        #expect(try lenient.screen(data, year: 2022, source: "").goods[0].dependent)
    }

    /// Year files for the persistence window: 850511 is concentrated in 2020 and 2022 only (in
    /// 2021 Belgium buys as much from the USA as from China and France: HHI = 1/3).
    static func windowFiles() -> [String: String] {
        let header = "t,i,j,k,v,q\n"
        func year(_ y: Int, spread: Bool) -> String {
            var rows = ["\(y),156,56,850511,300,NA", "\(y),156,251,850511,600,NA", "\(y),56,251,850511,50,NA"]
            if spread { rows += ["\(y),842,56,850511,300,NA", "\(y),251,56,850511,300,NA"] }
            // 280530: concentrated in 2022 only.
            rows += ["\(y),156,56,280530,100,NA"] + (y == 2022 ? [] : ["\(y),842,56,280530,100,NA", "\(y),251,56,280530,100,NA"])
            return header + rows.joined(separator: "\n") + "\n"
        }
        return ["y2020.csv": year(2020, spread: false), "y2021.csv": year(2021, spread: true), "y2022.csv": year(2022, spread: false)]
    }

    @Test func persistenceWindowTwoOfThree() throws {
        let dir = TradeFiles.directory(Self.windowFiles())
        let geodep = GeoDep()
        let data = try TradeFiles.aggregates(dir, files: ["y2020.csv", "y2021.csv", "y2022.csv"], years: geodep.years(endingWith: 2022))
        let goods = try geodep.screen(data, year: 2022, source: "").goods
        let magnets = goods.first { $0.hs6 == "850511" }!, metals = goods.first { $0.hs6 == "280530" }!
        // 850511 holds in 2020 and 2022 (HHI_M = 1, HHI_W = (900² + 50²)/950² ≈ 0.90, R = 300/50 = 6)
        // but not in 2021 (HHI_M = 3 × (1/3)² = 1/3): 2 of 3 years, dependent.
        #expect(magnets.criteria[3] == 2 && magnets.dependent)
        // 280530 holds in 2022 only (2020, 2021: HHI_M = 1/3): 1 of 3, not dependent.
        #expect(metals.criteria[3] == 1 && !metals.dependent)
        var strict = GeoDep()
        strict.minYears = 3
        #expect(!(try strict.screen(data, year: 2022, source: "").goods.first { $0.hs6 == "850511" }!.dependent))
    }

    @Test func aMissingYearOfTheWindowIsRefused() throws {
        let dir = TradeFiles.directory(Self.windowFiles())
        let geodep = GeoDep()
        let data = try TradeFiles.aggregates(dir, files: ["y2021.csv", "y2022.csv"], years: geodep.years(endingWith: 2022))
        let error = caught { () throws(InputError) in _ = try geodep.screen(data, year: 2022, source: "trade") }
        #expect(error.message.contains("no rows for 2020") && error.hint?.contains("--trade") == true)
    }

    @Test func euMembershipByYear() {
        #expect(EUMembership.isMember("GBR", in: 2019) && !EUMembership.isMember("GBR", in: 2020))
        #expect(EUMembership.isMember("HRV", in: 2013) && !EUMembership.isMember("HRV", in: 2012))
        #expect(EUMembership.members(in: 2015).count == 28 && EUMembership.members(in: 2022).count == 27)
        #expect(EUMembership.name(in: 2015) == "EU28" && EUMembership.name(in: 2020) == "EU27")
        #expect(!EUMembership.isMember("CHE", in: 2022) && !EUMembership.isMember("NOR", in: 2022))
    }
}

@Suite("BACI reader")
struct BACIReaderTests {
    @Test func hsCodesWithoutLeadingZerosGetThem() throws {
        #expect(TradeAggregates.hs6Text(10121) == "010121" && TradeAggregates.hs6Text(850511) == "850511" && TradeAggregates.hs6Text(30110) == "030110")
        #expect(HSBridge.hs6("10121") == "010121" && HSBridge.hs6("0101.21") == "010121" && HSBridge.hs6("1234567") == nil && HSBridge.hs6("85a511") == nil)
    }

    @Test func crlfQuotesAndBOMAreRead() throws {
        let text = "\u{FEFF}\"t\",\"i\",\"j\",\"k\",\"v\",\"q\"\r\n2022,156,56,850511,300,NA\r\n\r\n2022,842,56,\"850511\",100.5,NA"
        let dir = TradeFiles.directory(["y.csv": text])
        let data = try TradeFiles.aggregates(dir, files: ["y.csv"], years: [2022])
        #expect(data.rowsRead == 2 && data.totalImports(slot: 0, product: data.productIndex(hs: 850511)!) == 400.5)
    }

    /// A file larger than the 1 MiB buffer: rows split across refills are read whole.
    @Test func rowsAcrossBufferBoundaries() throws {
        var text = "t,i,j,k,v,q\n"
        var expected = 0.0
        for r in 0..<60_000 {
            let v = Double(r % 997) + 0.125
            expected += v
            text += "2022,156,56,\(100_000 + r % 50),\(v),NA\n"
        }
        let dir = TradeFiles.directory(["big.csv": text])
        let data = try TradeFiles.aggregates(dir, files: ["big.csv"], years: [2022])
        let total = (0..<data.products.count).reduce(0.0) { $0 + data.totalImports(slot: 0, product: $1) }
        #expect(data.rowsRead == 60_000 && data.products.count == 50 && abs(total - expected) < 1e-6 * expected)
    }

    static func error(_ body: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> InputError {
        let dir = TradeFiles.directory(["bad.csv": body])
        return caught({ () throws(InputError) in _ = try TradeFiles.aggregates(dir, files: ["bad.csv"], years: [2022]) }, sourceLocation: sourceLocation)
    }

    @Test func badInputsArePositioned() throws {
        let unknown = try Self.error("t,i,j,k,v,q\n2022,156,56,850511,300,NA\n2022,157,56,850511,300,NA\n")
        #expect(unknown.line == 3 && unknown.column == 2 && unknown.message.contains("country code 157 is not in"))
        #expect(unknown.hint!.contains("156"))
        let importer = try Self.error("t,i,j,k,v,q\n2022,156,999,850511,300,NA\n")
        #expect(importer.line == 2 && importer.column == 3)
        let letters = try Self.error("t,i,j,k,v,q\n2022,156,56,85O511,300,NA\n")
        #expect(letters.line == 2 && letters.column == 4 && letters.message.contains("\"85O511\" is not an integer"))
        let short = try Self.error("t,i,j,k,v,q\n2022,156,56\n")
        #expect(short.line == 2 && short.message.contains("3 fields"))
        let value = try Self.error("t,i,j,k,v,q\n2022,156,56,850511,1.2.3,NA\n")
        #expect(value.line == 2 && value.column == 5 && value.message.contains("not a number"))
        let negative = try Self.error("t,i,j,k,v,q\n2022,156,56,850511,-4,NA\n")
        #expect(negative.column == 5 && negative.message.contains("negative"))
        let header = try Self.error("year,exporter,importer,hs6,value\n")
        #expect(header.line == 1 && header.message.contains("not BACI's t,i,j,k,v,q"))
        let long = try Self.error("t,i,j,k,v,q\n2022,156,56,8505110,1,NA\n")
        #expect(long.column == 4 && long.message.contains("more than six digits"))
        #expect(unknown.description.hasSuffix("\n  hint: \(unknown.hint!)") && unknown.description.contains("bad.csv:3:2: error:"))
    }

    @Test func rowsOfOtherYearsAreSkipped() throws {
        let dir = TradeFiles.directory(["y.csv": "t,i,j,k,v,q\n2019,156,56,850511,300,NA\n2022,156,56,850511,7,NA\n"])
        let data = try TradeFiles.aggregates(dir, files: ["y.csv"], years: [2022])
        #expect(data.rowsRead == 2 && data.rowsKept == 1 && data.yearsSeen == [2022])
    }
}

@Suite("HS6 → table bridge")
struct HSBridgeTests {
    static let codes = ["01", "05-09", "10-12", "20", "21", "C27", "68_", "68a", "29"]

    static func bridge(_ rows: String, codes: [String] = codes) throws(InputError) -> HSBridge {
        let dir = Fixtures.directory(with: ["corr.csv": "hs6,cpa\n" + rows])
        return try HSBridge(correspondence: dir + "/corr.csv", tableCodes: codes)
    }

    @Test(arguments: [("07.29.11", "05-09"), ("11.07", "10-12"), ("10", "10-12"), ("20.13.21", "20"), ("01.49", "01"),
                      ("27.11.62", "C27"), ("C29.10", "29"), ("CPA_C21.10", "21")])
    func cpaCodesMapOntoTableProducts(cpa: String, product: String) throws {
        let b = try Self.bridge("")
        guard case let .success(p) = b.product(ofCPA: cpa) else { Issue.record("\(cpa) unmapped"); return }
        #expect(Self.codes[p] == product)
    }

    @Test func deeperTableCodesWin() throws {
        let b = try Self.bridge("", codes: ["20", "20.1", "21"])
        #expect(b.product(ofCPA: "20.13.21") == .success(1))
        #expect(b.product(ofCPA: "20.2") == .success(0))
    }

    @Test func unmappedGoodsSayWhy() throws {
        let b = try Self.bridge("850511,27.11\n10121,01.49\n999000,99.00\n680000,68.20\n")
        #expect(b.product(ofGood: "010121") == .success(0))
        #expect(b.product(ofGood: "123456") == .failure(.notInCorrespondence))
        #expect(b.product(ofGood: "999000") == .failure(.noTableProduct(cpa: "99.00")))
        #expect(b.product(ofGood: "680000") == .failure(.ambiguous(cpa: "68.20", candidates: ["68_", "68a"])))
    }

    @Test func badCorrespondenceRowsArePositioned() throws {
        let letters = caught { () throws(InputError) in _ = try Self.bridge("850511,27.11\n85x511,27\n") }
        #expect(letters.line == 3 && letters.column == 1)
        let twice = caught { () throws(InputError) in _ = try Self.bridge("850511,27.11\n850511,28.1\n") }
        #expect(twice.line == 3 && twice.message.contains("line 2"))
        let notCPA = caught { () throws(InputError) in _ = try Self.bridge("850511,elec\n") }
        #expect(notCPA.line == 2 && notCPA.column == 2 && notCPA.message.contains("not a CPA"))
    }

    @Test func countryCodesOfBothLayouts() throws {
        let dir = Fixtures.directory(with: ["old.csv": "country_code,country_name_abbreviation,country_name_full,iso_2digit_alpha,iso_3digit_alpha\n56,Belgium,Belgium,BE,BEL\n",
                                            "dup.csv": "country_code,country_name,country_iso2,country_iso3\n56,Belgium,BE,BEL\n56,Belgium,BE,BEL\n"])
        let old = try CountryCodes(path: dir + "/old.csv")
        #expect(old.index(iso3: "bel") == 0 && old.index(code: 56) == 0 && old.countries[0].iso2 == "BE")
        let dup = caught { () throws(InputError) in _ = try CountryCodes(path: dir + "/dup.csv") }
        #expect(dup.line == 3 && dup.message.contains("twice"))
    }
}

/// Comext bulk files in both of Eurostat's layouts (ComextReader, docs/dependencies.md "Comext
/// layouts"), hand-written with the same flows. Belgium (BE) in 2022 (PERIOD 202252), euros:
/// - 85051100 (HS6 850511): imports from CN 300 (two statistical procedures, 200 + 100), US 100,
///   FR 200 (intra-EU); exports 50. Extra-EU 400 of 600: share 2/3 > 0.5; HHI among extra-EU
///   partners (300/400)² + (100/400)² = 0.625 > 0.4; substitutability 400 / 50 = 8 > 1: dependent.
/// - 85051910 (HS6 850519): imports CN 100, US 100; exports 300. Share 1, HHI 0.5, but
///   substitutability 200 / 300 = 2/3 ≤ 1: not dependent.
/// - 28053010 and 28053090 (both HS6 280530): imports from CN 50 + 150 = 200, no exports:
///   share 1, HHI 1, substitutability 9999: dependent.
/// Skipped (counted): a `Q…` partner, an `X` special product code and a confidential value `:`.
/// Not Belgium's: a German row, ignored.
enum ComextFiles {
    /// (reporter ISO2, numeric, partner ISO2, numeric, trade type, CN8, flow, procedure, value)
    static let flows: [(String, String, String, String, String, String, Int, Int, String)] = [
        ("BE", "017", "CN", "720", "E", "85051100", 1, 1, "200"),
        ("BE", "017", "CN", "720", "E", "85051100", 1, 2, "100"),
        ("BE", "017", "US", "400", "E", "85051100", 1, 1, "100"),
        ("BE", "017", "FR", "001", "I", "85051100", 1, 1, "200"),
        ("BE", "017", "FR", "001", "I", "85051100", 2, 1, "50"),
        ("BE", "017", "CN", "720", "E", "85051910", 1, 1, "100"),
        ("BE", "017", "US", "400", "E", "85051910", 1, 1, "100"),
        ("BE", "017", "US", "400", "E", "85051910", 2, 1, "300"),
        ("BE", "017", "CN", "720", "E", "28053010", 1, 1, "50"),
        ("BE", "017", "CN", "720", "E", "28053090", 1, 1, "150"),
        ("BE", "017", "QU", "977", "E", "85051100", 1, 1, "999"),
        ("BE", "017", "CN", "720", "E", "85XXXXXX", 1, 1, "999"),
        ("BE", "017", "US", "400", "E", "28053010", 1, 1, ":"),
        ("DE", "004", "CN", "720", "E", "85051100", 1, 1, "5000"),
    ]

    static let v2 = "REPORTER,PARTNER,TRADE_TYPE,PRODUCT_NC,PRODUCT_SITC,PRODUCT_CPA21,PRODUCT_BEC,PRODUCT_BEC5,PRODUCT_SECTION,FLOW,STAT_PROCEDURE,SUPPL_UNIT,PERIOD,VALUE_EUR,VALUE_NAC,QUANTITY_KG,QUANTITY_SUPPL_UNIT\n"
        + flows.map { f in "\(f.0),\(f.2),\(f.4),\(f.5),77821,27.11.62,22,21,XVI,\(f.6),\(f.7),NO,202252,\(f.8),\(f.8),10,0" }.joined(separator: "\n") + "\n"

    /// v1: the numeric DECLARANT and PARTNER come before their ISO columns.
    static let v1 = "DECLARANT,DECLARANT_ISO,PARTNER,PARTNER_ISO,TRADE_TYPE,PRODUCT_NC,PRODUCT_SITC,PRODUCT_CPA2002,PRODUCT_CPA2008,PRODUCT_CPA2_1,PRODUCT_BEC,PRODUCT_BEC5,PRODUCT_SECTION,FLOW,STAT_REGIME,SUPP_UNIT,PERIOD,VALUE_IN_EUROS,QUANTITY_IN_KG,SUP_QUANTITY\n"
        + flows.map { f in "\(f.1),\(f.0),\(f.3),\(f.2),\(f.4),\(f.5),77821,31.62.1,27.11.6,27.11.62,22,21,XVI,\(f.6),\(f.7),NO,202252,\(f.8),10,0" }.joined(separator: "\n") + "\n"
}

@Suite("Comext bulk layouts, by hand")
struct ComextReaderTests {
    @Test(arguments: ["v2", "v1"])
    func ec2021OnAHandWrittenComextFile(layout: String) throws {
        let dir = TradeFiles.directory(["full.dat": layout == "v2" ? ComextFiles.v2 : ComextFiles.v1])
        let codes = try CountryCodes(path: dir + "/country_codes.csv")
        var data = TradeAggregates(countries: codes, reporter: codes.index(iso3: "BEL")!, years: [2022])
        try ComextReader.read(dir + "/full.dat", into: &data)
        let screening = try EC2021().screen(data, year: 2022, source: "full.dat")
        #expect(screening.goods.map(\.hs6) == ["280530", "850511", "850519"])
        let salts = screening.goods[0], magnets = screening.goods[1], other = screening.goods[2]
        #expect(magnets.criteria[0] == 400 && magnets.criteria[1] == 600 && abs(magnets.criteria[2]! - 2.0 / 3.0) < 1e-15)
        #expect(abs(magnets.criteria[3]! - 0.625) < 1e-15 && magnets.criteria[4] == 8 && magnets.dependent)
        #expect(magnets.mainSupplier == "CHN" && magnets.mainSupplierShare == 0.5)
        #expect(other.criteria[1] == 200 && other.criteria[2] == 1 && other.criteria[3] == 0.5)
        #expect(abs(other.criteria[4]! - 2.0 / 3.0) < 1e-15 && !other.dependent)
        #expect(salts.criteria[0] == 200 && salts.criteria[3] == 1 && salts.criteria[4] == 9999 && salts.dependent)
        #expect(data.rowsSkipped == 3)
    }

    @Test func aFileWithoutTheColumnsIsRefusedWithBothLayoutsNamed() throws {
        let dir = TradeFiles.directory(["bad.dat": "REPORTER,PARTNER,PRODUCT,FLOW,PERIOD,VALUE_EUR\nBE,CN,85051100,1,202252,1\n"])
        let codes = try CountryCodes(path: dir + "/country_codes.csv")
        var data = TradeAggregates(countries: codes, reporter: codes.index(iso3: "BEL")!, years: [2022])
        let e = caught { () throws(InputError) in try ComextReader.read(dir + "/bad.dat", into: &data) }
        #expect(e.line == 1 && e.message.contains("no column PRODUCT_NC") && e.hint?.contains("full_v2_YYYYMM") == true && e.hint?.contains("fullYYYYMM.dat") == true)
    }
}
