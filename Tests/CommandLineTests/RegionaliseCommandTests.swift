import Foundation
import Testing
import TestSupport

/// `ioshock regionalise` and `ioshock import fpb` end to end.
@Suite struct RegionaliseCommandTests {
    static let census = Fixtures.sharedPath("data/statbel-census-2011/working-population-by-place-of-work.csv")

    @Test func regionaliseWritesABalancedBundle() throws {
        let out = Fixtures.temporaryDirectory() + "/antwerpen-2015"
        let run = try Fixtures.run(["regionalise", "matrices/belgium-2015", "--employment", Self.census,
                                    "--region", "Provincie Antwerpen", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let inspect = try Fixtures.run(["inspect", out])
        #expect(inspect.status == 0)
        #expect(inspect.stdout.contains("estimation: FLQ, δ = 0.3"))
        #expect(inspect.stdout.contains("rest_of_country"))
    }

    @Test func unknownRegion() throws {
        let run = try Fixtures.run(["regionalise", "matrices/belgium-2015", "--employment", Self.census,
                                    "--region", "Atlantis", "--out", Fixtures.temporaryDirectory() + "/x"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("working-population-by-place-of-work.csv: error: no region or province \"Atlantis\""))
        #expect(run.stderr.contains("\"Provincie West-Vlaanderen\""))
    }

    @Test(arguments: ["1", "-0.5", "2"])
    func deltaOutsideTheUnitInterval(delta: String) throws {
        let out = Fixtures.temporaryDirectory() + "/x"
        let run = try Fixtures.run(["regionalise", "matrices/belgium-2015", "--employment", Self.census,
                                    "--region", "Flanders", "--delta=\(delta)", "--out", out])
        #expect(run.status != 0)
        #expect(run.stderr.contains("is outside [0, 1)"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func importFPBMissingSheetsDirectory() throws {
        let run = try Fixtures.run(["import", "fpb", "/nonexistent/sheets", "--out", Fixtures.temporaryDirectory() + "/x"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("/nonexistent/sheets: error: sheets directory not found"))
    }
}
