import Foundation
import IOTables
import Scenarios
import TestSupport

/// A three-sector economy with one imported critical input, worked by hand in
/// `HandWorkedCaseTests`.
///
///         A    B    C  | final | output
///     A   0   20    0  |   80  |  100
///     B   0    0   30  |   70  |  100
///     C   0    0    0  |  100  |  100
///
/// Imports: B buys 10 of product A from outside the EU (imports.csv[A, B] = 10); all of A's
/// imports are non-EU. Value added closes the columns: A 100, B 70, C 70.
let handTable: [String: String] = [
    "table.toml": "name = \"hand-3\"\nunit = \"EUR million\"\nprimary_inputs = [\"gross_value_added\"]\n",
    "sectors.csv": "code,name,nace_section\nA,Alpha,C\nB,Beta,C\nC,Gamma,G\n",
    "Z.csv": "code,A,B,C\nA,0,20,0\nB,0,0,30\nC,0,0,0\n",
    "final_demand.csv": "code,households\nA,80\nB,70\nC,100\n",
    "value_added.csv": "component,A,B,C\ngross_value_added,100,70,70\n",
    "output.csv": "code,output\nA,100\nB,100\nC,100\n",
    "imports.csv": "code,A,B,C\nA,0,10,0\nB,0,0,0\nC,0,0,0\n",
    "import_origin.csv": "code,euro_area,rest_of_eu,non_eu\nA,0,0,10\nB,0,0,0\nC,0,0,0\n",
    "employment.csv": "code,hours,persons\nA,1,10\nB,2,20\nC,3,30\n",
]

/// Writes a bundle and a scenario beside it; returns the scenario path.
func scenarioFile(_ scenario: String, table: [String: String] = handTable) -> String {
    var files: [String: String] = [:]
    for (name, text) in table { files["table/" + name] = text }
    files["scenario.toml"] = scenario
    return Fixtures.directory(with: files) + "/scenario.toml"
}

/// Writes a scenario next to an existing bundle directory (absolute path).
func scenarioFile(_ scenario: String, bundle: String) -> String {
    Fixtures.directory(with: ["scenario.toml": scenario.replacingOccurrences(of: "TABLE", with: bundle)]) + "/scenario.toml"
}

func importCut(_ products: [String], origin: String = "non-EU", cut: Double, criticality: String = "strict", rationing: String = "proportional") -> String {
    """
    title = "test"
    table = "table"
    [model]
    kind = "supply-constrained"
    criticality = "\(criticality)"
    rationing = "\(rationing)"
    [[shock]]
    products = [\(products.map { "\"\($0)\"" }.joined(separator: ", "))]
    origin = "\(origin)"
    cut = \(cut)
    """
}

func run(_ path: String) throws -> ScenarioResult {
    try ScenarioRunner.run(try Scenario(path: path))
}

/// `run(_:)` under another name, for suites that wrap it.
func runScenario(_ path: String) throws -> ScenarioResult { try run(path) }
