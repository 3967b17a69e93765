import Foundation
import LinearAlgebra

extension IOTable {
    /// Writes the table as a bundle directory (docs/table-format.md), atomically: the directory
    /// appears complete or not at all. An existing directory is replaced only when it is a
    /// bundle ioshock wrote (`OutputDirectoryKind.tableBundle`).
    /// - Parameters:
    ///   - inputs: the files and directories the table was made from, which the output must not
    ///     be, contain or lie in.
    ///   - source: for a converted table (the importers), the file it came from: the staged bundle
    ///     is then read back with the bundle reader before it replaces anything, and a table the
    ///     reader would refuse (a label with a space at its end, a row sum that overflows, a
    ///     negative output…) is refused here, naming the source and the reader's complaint, so an
    ///     import never leaves a bundle that `inspect` or `run` cannot read.
    public func write(bundle directory: String, protecting inputs: [String] = [], readingBackFrom source: String? = nil) throws {
        try OutputDestination.writeDirectory(directory, kind: .tableBundle, protecting: inputs) { dir in
            func put(_ name: String, _ text: String) throws {
                try AtomicFile.write(text, to: (dir as NSString).appendingPathComponent(name))
            }
            try put(BundleFile.metadata, metadataTOML())
            let regional = !metadata.regions.isEmpty
            var sectorsText = CSVWriter.line((regional ? ["region"] : []) + ["code", "name"] + sectorAttributeNames)
            for s in sectors {
                sectorsText += CSVWriter.line((regional ? [s.region] : []) + [s.code, s.name] + sectorAttributeNames.map { s.attributes[$0] ?? "" })
            }
            try put(BundleFile.sectors, sectorsText)
            let codes = sectorLabels
            try put(BundleFile.intermediate, Self.squareCSV(intermediate, codes: codes))
            try put(BundleFile.finalDemand, Self.bySectorCSV(finalDemand, codes: codes))
            var vaText = CSVWriter.line(["component"] + codes)
            for (k, label) in valueAdded.labels.enumerated() {
                vaText += CSVWriter.line([label] + valueAdded.values.row(k).map(CSVWriter.number))
            }
            try put(BundleFile.valueAdded, vaText)
            if outputGiven {
                try put(BundleFile.output, Self.bySectorCSV(LabeledBlock(labels: ["output"], values: Matrix(rows: count, columns: 1, columnMajor: output)), codes: codes))
            }
            if let imports { try put(BundleFile.imports, Self.squareCSV(imports, codes: codes)) }
            if let importFinal { try put(BundleFile.importFinal, Self.bySectorCSV(importFinal, codes: codes)) }
            if let importOrigin { try put(BundleFile.importOrigin, Self.bySectorCSV(importOrigin, codes: codes)) }
            if let importsRestOfCountry { try put(BundleFile.importsRestOfCountry, Self.squareCSV(importsRestOfCountry, codes: codes)) }
            if let importFinalRestOfCountry { try put(BundleFile.importFinalRestOfCountry, Self.bySectorCSV(importFinalRestOfCountry, codes: codes)) }
            if let employment { try put(BundleFile.employment, Self.bySectorCSV(employment, codes: codes)) }
            if let inputCriticality { try put(BundleFile.criticality, Self.squareCSV(inputCriticality, codes: codes)) }
            if let inventoryDays {
                try put(BundleFile.inventoryDays, Self.bySectorCSV(LabeledBlock(labels: ["days"], values: Matrix(rows: count, columns: 1, columnMajor: inventoryDays)), codes: codes))
            }
            if let source {
                do { _ = try IOTable(bundle: dir) } catch let error as InputError {
                    var e = error
                    e.file = e.file.replacingOccurrences(of: dir, with: directory)
                    e.message = "the table converted from \(source) is not a valid bundle, so nothing was written: " + e.message
                    e.hint = "correct the source (labels, values) and import again" + (e.hint.map { "; the bundle reader says: \($0)" } ?? "")
                    throw e
                }
            }
        }
    }

    func metadataTOML() -> String {
        let m = metadata
        var text = BundleFile.writtenByMarker + " (docs/table-format.md)\n"
        text += "name = \(TOMLWriter.string(m.name))\n"
        if !m.title.isEmpty { text += "title = \(TOMLWriter.string(m.title))\n" }
        if let year = m.year { text += "year = \(year)\n" }
        text += "unit = \(TOMLWriter.string(m.unit))\n"
        if !m.region.isEmpty { text += "region = \(TOMLWriter.string(m.region))\n" }
        if !m.regions.isEmpty { text += "regions = \(TOMLWriter.strings(m.regions))\n" }
        if !m.classification.isEmpty { text += "classification = \(TOMLWriter.string(m.classification))\n" }
        if !m.source.isEmpty { text += "source = \(TOMLWriter.string(m.source))\n" }
        if let v = m.sourceVersion { text += "source_version = \(TOMLWriter.string(v))\n" }
        if let e = m.estimation { text += "estimation = \(TOMLWriter.string(e))\n" }
        text += "primary_inputs = \(TOMLWriter.strings(m.primaryInputs))\n"
        if let h = m.householdConsumption { text += "household_consumption = \(TOMLWriter.string(h))\n" }
        if let c = m.compensation { text += "compensation = \(TOMLWriter.string(c))\n" }
        if let c = m.criticalitySource { text += "criticality_source = \(TOMLWriter.string(c))\n" }
        if let c = m.inventorySource { text += "inventory_source = \(TOMLWriter.string(c))\n" }
        if !m.notes.isEmpty { text += "notes = \(TOMLWriter.string(m.notes))\n" }
        return text
    }

    /// A sector × sector matrix in the Z layout: header `code,<codes>`, one row per code.
    public static func squareCSV(_ m: Matrix, codes: [String]) -> String {
        var text = CSVWriter.line(["code"] + codes)
        text.reserveCapacity(m.rows * m.columns * 12)
        for i in 0..<m.rows {
            var line = CSVWriter.field(codes[i])
            for j in 0..<m.columns { line += ","; line += CSVWriter.number(m[i, j]) }
            text += line + "\n"
        }
        return text
    }

    /// A sector × label block: header `code,<labels>`, one row per code.
    public static func bySectorCSV(_ block: LabeledBlock, codes: [String]) -> String {
        var text = CSVWriter.line(["code"] + block.labels)
        for i in 0..<block.values.rows {
            text += CSVWriter.line([codes[i]] + block.values.row(i).map(CSVWriter.number))
        }
        return text
    }
}
