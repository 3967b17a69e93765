import Foundation
import Testing
import TestSupport

@Suite("extract, linkages and Type II multipliers from the command line")
struct ClassicCommandsTests {
    static let bundle = "matrices/germany-1995"

    @Test("extract: every sector by default, a set with --sectors, CSV to a file")
    func extract() throws {
        let all = try Fixtures.run(["extract", Self.bundle, "--kind", "total", "--format", "csv"])
        #expect(all.status == 0, "\(all.stderr)")
        let lines = all.stdout.split(separator: "\n")
        #expect(lines.first == "code,name,output_loss,output_loss_pct,own_output_loss,own_output_loss_pct,value_added_loss,value_added_loss_pct")
        #expect(lines.count == 7)
        let dir = Fixtures.temporaryDirectory()
        let set = try Fixtures.run(["extract", Self.bundle, "--sectors", "construction,trade_group", "--kind", "forward",
                                    "--format", "json", "--out", dir + "/x.json"])
        #expect(set.status == 0, "\(set.stderr)")
        let text = try String(contentsOfFile: dir + "/x.json", encoding: .utf8)
        #expect(text.contains("\"notes\"") && text.contains("Oosterhaven") && text.contains("\"extracted\": \"yes\""))
    }

    @Test("extract refuses an unknown code and a bad kind")
    func extractErrors() throws {
        let unknown = try Fixtures.run(["extract", Self.bundle, "--sectors", "constructon"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("did you mean \"construction\""))
        let kind = try Fixtures.run(["extract", Self.bundle, "--kind", "sideways"])
        #expect(kind.status != 0)
    }

    @Test("linkages classify key sectors")
    func linkages() throws {
        let r = try Fixtures.run(["linkages", Self.bundle, "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("code,name,backward_direct,forward_direct,backward_total,forward_total,backward_normalised,forward_normalised,forward_leontief_normalised,class\n"))
        #expect(r.stdout.contains("industry_group,Industry Group,") && r.stdout.contains(",key\n"))
    }

    @Test("multipliers keep the Type I columns first and add Type II when the bundle allows")
    func typeIIColumns() throws {
        let r = try Fixtures.run(["multipliers", Self.bundle, "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let header = r.stdout.split(separator: "\n").first.map(String.init) ?? ""
        #expect(header.hasPrefix("code,name,output,value_added,employment_"))
        #expect(header.contains(",output_type_ii,value_added_type_ii,"))
        let firstTypeII = header.components(separatedBy: ",").firstIndex(of: "output_type_ii")!
        #expect(!header.components(separatedBy: ",")[..<firstTypeII].contains { $0.hasSuffix("_type_ii") })
    }
}
