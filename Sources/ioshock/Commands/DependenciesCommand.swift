import ArgumentParser
import Foundation
import IOTables
import Reports
import Trade

struct DependenciesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dependencies",
        abstract: "Screen a reporter's imports for dependent HS6 goods and bridge them to the table's products.",
        discussion: """
        --method geodep applies CEPII GeoDep's four criteria (Lefebvre & Wibaux 2024) to BACI \
        data: imports HHI > 0.4, world exports HHI > 0.4, imports / exports > 1, in at least 2 \
        of the 3 years ending with --year. --method ec2021 applies the European Commission's \
        criteria of SWD(2021) 352 to the reporter's extra-EU imports of --year. Writes \
        dependencies.csv, summary_by_product.csv, unmapped.csv, scenario.toml and \
        dependencies.json into --out (docs/dependencies.md).
        Example: ioshock dependencies --trade data/trade-sample/BACI_HS17_Y2022_synthetic.csv \\
          --trade data/trade-sample/BACI_HS17_Y2021_synthetic.csv --trade data/trade-sample/BACI_HS17_Y2020_synthetic.csv \\
          --country-codes data/trade-sample/country_codes_synthetic.csv --correspondence data/trade-sample/hs6_cpa_synthetic.csv \\
          --table matrices/belgium-2015 --reporter BEL --year 2022 --method geodep --out out/dependencies
        """
    )

    @Option(name: .customLong("trade"), help: "A trade file (BACI: one file per year; repeat for the years of the window).")
    var trade: [String] = []

    @Option(help: "The trade files' layout: baci (CEPII BACI t,i,j,k,v,q) or comext (Eurostat Comext bulk, ec2021 only).")
    var format: String = "baci"

    @Option(name: .customLong("country-codes"), help: "BACI's country_codes_V….csv.")
    var countryCodes: String

    @Option(help: "The HS6 → CPA 2.1 correspondence, a CSV hs6,cpa.")
    var correspondence: String

    @Option(help: "The table bundle whose products the goods map onto.")
    var table: String

    @Option(help: "The reporting country, ISO3 (e.g. BEL).")
    var reporter: String

    @Option(help: "The screened year (geodep: the last year of its window).")
    var year: Int

    @Option(help: "geodep or ec2021.")
    var method: String = "geodep"

    @Option(name: .customLong("hhi-threshold"), help: "geodep: the imports HHI above which imports are concentrated (0.4); ec2021: the extra-EU imports HHI (0.4). In [0, 1].")
    var hhiThreshold: Double?

    @Option(name: .customLong("world-hhi-threshold"), help: "geodep: the world exports HHI threshold (0.4), in [0, 1].")
    var worldHHIThreshold: Double?

    @Option(name: .customLong("ratio-threshold"), help: "geodep: imports / exports above which the good is not replaceable (1); ec2021: extra-EU imports / exports (1). More than 0.")
    var ratioThreshold: Double?

    @Option(name: .customLong("share-threshold"), help: "ec2021: the share of extra-EU imports in total imports above which they matter (0.5), in [0, 1].")
    var shareThreshold: Double?

    @Option(help: "geodep: the years of the window ending with --year (3), 1 to 10.")
    var window: Int?

    @Option(name: .customLong("min-years"), help: "geodep: the years of the window in which all three criteria must hold (2), 1 to --window.")
    var minYears: Int?

    @Option(help: "A CSV hs6,ecosystem of strategic ecosystems, for summary_by_ecosystem.csv.")
    var ecosystems: String?

    @Option(help: "The output directory.")
    var out: String

    func validate() throws {
        guard !trade.isEmpty else { throw ValidationError("give at least one --trade file (BACI: BACI_HS17_Y2022_V202401b.csv)") }
        guard DependencyScreening.Method(rawValue: method) != nil else {
            throw ValidationError("unknown --method \"\(method)\"; " + (Suggestions.didYouMean(method, among: DependencyScreening.Method.allCases.map(\.rawValue)) ?? "use geodep or ec2021"))
        }
        guard ["baci", "comext"].contains(format) else {
            throw ValidationError("unknown --format \"\(format)\"; " + (Suggestions.didYouMean(format, among: ["baci", "comext"]) ?? "use baci or comext"))
        }
        if format == "comext", method == "geodep" {
            throw ValidationError("--method geodep needs world exports by exporter, which Comext files do not have; use BACI files, or --method ec2021")
        }
        for (name, v) in [("--hhi-threshold", hhiThreshold), ("--world-hhi-threshold", worldHHIThreshold), ("--share-threshold", shareThreshold)] {
            if let v, !(0...1).contains(v) { throw ValidationError("\(name) must be between 0 and 1, found \(v)") }
        }
        if let r = ratioThreshold, !(r > 0 && r.isFinite) { throw ValidationError("--ratio-threshold must be more than 0, found \(r)") }
        if let w = window, !(1...10).contains(w) { throw ValidationError("--window must be between 1 and 10 years, found \(w)") }
        if let m = minYears, !(1...(window ?? 3)).contains(m) { throw ValidationError("--min-years must be between 1 and the window (\(window ?? 3)), found \(m)") }
        if method == "ec2021" {
            if worldHHIThreshold != nil || window != nil || minYears != nil { throw ValidationError("--world-hhi-threshold, --window and --min-years belong to --method geodep") }
        } else if shareThreshold != nil {
            throw ValidationError("--share-threshold belongs to --method ec2021")
        }
        guard (1900...2100).contains(year) else { throw ValidationError("--year must be a calendar year, found \(year)") }
    }

    func run() throws {
        let methodValue = DependencyScreening.Method(rawValue: method)!
        let ioTable = try IOTable(bundle: table)
        let countries = try CountryCodes(path: countryCodes)
        guard let reporterIndex = countries.index(iso3: reporter) else {
            throw InputError(file: countryCodes, "reporter \"\(reporter)\" is not an ISO3 code of this file",
                             hint: Suggestions.didYouMean(reporter.uppercased(), among: countries.iso3Codes) ?? "give an ISO3 code such as BEL")
        }
        let bridge = try HSBridge(correspondence: correspondence, tableCodes: ioTable.codes)
        let ecosystemList = try ecosystems.map { path throws(InputError) in try Ecosystems(path: path) }
        try OutputDestination.checkDirectory(out, kind: .dependencies, protecting: inputs)

        var geodep = GeoDep()
        var ec = EC2021()
        if let v = hhiThreshold { geodep.importHHI = v; ec.hhi = v }
        if let v = worldHHIThreshold { geodep.worldHHI = v }
        if let v = ratioThreshold { geodep.ratio = v; ec.substitutability = v }
        if let v = shareThreshold { ec.share = v }
        if let v = window { geodep.window = v }
        if let v = minYears { geodep.minYears = v }
        let years = methodValue == .geodep ? geodep.years(endingWith: year) : [year]

        let started = Date()
        var data = TradeAggregates(countries: countries, reporter: reporterIndex, years: years)
        for file in trade {
            if format == "comext" { try ComextReader.read(file, into: &data) } else { try BACIReader.read(file, into: &data) }
        }
        let source = trade.count == 1 ? trade[0] : trade.joined(separator: ", ")
        var screening = methodValue == .geodep ? try geodep.screen(data, year: year, source: source) : try ec.screen(data, year: year, source: source)
        screening.bridge(bridge)
        let elapsed = Date().timeIntervalSince(started)

        var provenance = Provenance(command: "dependencies")
        provenance.addTable(table)
        for file in trade { provenance.addFile(role: "trade", file) }
        provenance.addFile(role: "country_codes", countryCodes)
        provenance.addFile(role: "correspondence", correspondence)
        if let ecosystems { provenance.addFile(role: "ecosystems", ecosystems) }
        provenance.model = methodValue == .geodep ? "CEPII GeoDep (Lefebvre & Wibaux 2024)" : "European Commission SWD(2021) 352"
        provenance.parameters = [("method", method), ("format", format), ("reporter", screening.reporter), ("year", "\(year)")] + screening.settings

        let codes = ioTable.codes, names = ioTable.sectors.map(\.name)
        let absoluteOut = URL(fileURLWithPath: out).standardizedFileURL.path
        func relative(_ path: String) -> String { RelativePath.from(directory: absoluteOut, to: path) }
        let scenario = screening.scenarioTOML(table: relative(table), trade: trade.map(relative), countryCodes: relative(countryCodes),
                                              correspondence: relative(correspondence), format: format)
        let dependentCount = screening.goods.filter(\.dependent).count
        let unmappedCount = screening.goods.filter { $0.unmapped != nil }.count
        let summary: JSONValue = .object([
            ("provenance", provenance.json()),
            ("goods", .number(Double(screening.goods.count))), ("dependent", .number(Double(dependentCount))),
            ("unmapped", .number(Double(unmappedCount))),
            ("rows_read", .number(Double(data.rowsRead))), ("rows_kept", .number(Double(data.rowsKept))), ("rows_skipped", .number(Double(data.rowsSkipped))),
            ("seconds", .number((elapsed * 1000).rounded() / 1000)),
        ])
        try OutputDestination.writeDirectory(out, kind: .dependencies, protecting: inputs) { dir in
            try AtomicFile.write(screening.dependenciesCSV(tableCodes: codes), to: dir + "/dependencies.csv")
            try AtomicFile.write(screening.summaryByProductCSV(tableCodes: codes, names: names), to: dir + "/summary_by_product.csv")
            if let ecosystemList { try AtomicFile.write(screening.summaryByEcosystemCSV(ecosystemList), to: dir + "/summary_by_ecosystem.csv") }
            try AtomicFile.write(screening.unmappedCSV(), to: dir + "/unmapped.csv")
            try AtomicFile.write(scenario, to: dir + "/scenario.toml")
            try AtomicFile.write(summary.rendered() + "\n", to: dir + "/dependencies.json")
        }
        let message = "\(screening.goods.count) goods imported by \(screening.reporter) in \(year), \(dependentCount) dependent (\(method)); \(unmappedCount) map onto no product of the table (unmapped.csv)\nwrote \(out)/dependencies.csv, summary_by_product.csv, unmapped.csv, scenario.toml\n"
        FileHandle.standardError.write(Data(message.utf8))
    }

    var inputs: [String] { trade + [countryCodes, correspondence, table] + (ecosystems.map { [$0] } ?? []) }
}

extension OutputDirectoryKind {
    /// What `ioshock dependencies --out DIR` writes.
    static let dependencies = OutputDirectoryKind(
        name: "dependencies directory",
        fileNames: ["dependencies.csv", "summary_by_product.csv", "summary_by_ecosystem.csv", "unmapped.csv", "scenario.toml", "dependencies.json"],
        markerDescription: "dependencies.json written by ioshock dependencies",
        isMarked: provenanceMarker(file: "dependencies.json", member: "provenance", commands: ["dependencies"]))
}

/// A path as seen from a directory (for the paths a written scenario.toml names).
enum RelativePath {
    static func from(directory: String, to path: String) -> String {
        let target = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
        let base = URL(fileURLWithPath: directory).standardizedFileURL.pathComponents
        var k = 0
        while k < min(target.count, base.count), target[k] == base[k] { k += 1 }
        if k <= 1 { return URL(fileURLWithPath: path).standardizedFileURL.path }  // only "/" in common
        let ups = [String](repeating: "..", count: base.count - k)
        let rest = Array(target[k...])
        let parts = ups + rest
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}
