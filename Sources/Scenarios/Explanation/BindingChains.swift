import IOModels
import IOTables
import LinearAlgebra

/// One link of the chain that leads from a sector's loss back to a shock (docs/scenarios.md,
/// "Why each sector fell").
public enum ChainLink: Sendable, Hashable {
    /// `user` is bound by its purchases of domestic `input`, which is short.
    case domesticInput(input: Int, user: Int)
    /// `user` is bound by its purchases of `product` from outside (a cut import): a shock.
    case importedInput(product: Int, user: Int)
    /// The sector's own capacity was cut: a shock.
    case capacity(Int)
    /// Final demand for the sector's product was cut: a shock.
    case finalDemand(Int)
    /// `supplier` is bound by demand: it sells less, most of all to `customer`.
    case sales(supplier: Int, customer: Int)

    /// Whether the link is a shock of the scenario (where a chain ends).
    public var isShock: Bool {
        switch self {
        case .importedInput, .capacity, .finalDemand: true
        case .domesticInput, .sales: false
        }
    }
}

/// The binding constraint of every sector at a supply-constrained solution and the chain of
/// binding constraints from it back to a shock.
///
/// The chain follows the binding constraint: a sector bound by domestic input i continues with
/// i's own chain; one bound by demand continues with the customer whose lower purchases cut its
/// demand most (or ends at a cut of its final demand); an outside input that is cut, or a capacity
/// cut, ends it. A sector met twice ends the chain too (`looped`).
/// - Complexity: O(n²) for the levels, then O(n) per sector and link.
public struct BindingChains: Sendable {
    public var levels: SupplyConstraintLevels
    /// For each sector, its chain (empty when it is not below its baseline).
    public var chains: [[ChainLink]]
    /// Whether the chain of each sector stopped on a sector it had already passed.
    public var looped: [Bool]
    let codes: [String]
    let origins: [Int: String]

    public static let maximumLength = 12

    public init(model: SupplyConstrainedModel, constraints: SupplyConstraints, solution: SupplyConstrainedResult,
                rationing: RationingRule, scenario: Scenario) {
        let n = model.leontief.count
        let x = solution.output, x0 = model.leontief.output
        let a = model.leontief.coefficients
        levels = model.constraintLevels(output: x, finalDemand: solution.finalDemand, constraints: constraints, rationing: rationing)
        codes = scenario.table.sectorLabels
        var origins: [Int: [String]] = [:]
        for shock in scenario.shocks where shock.kind == .imports {
            for p in shock.sectors where !(origins[p] ?? []).contains(shock.originName) { origins[p, default: []].append(shock.originName) }
        }
        self.origins = origins.mapValues { $0.joined(separator: ", ") }
        let f0 = model.baselineFinalDemand
        var chains = [[ChainLink]](repeating: [], count: n)
        var looped = [Bool](repeating: false, count: n)
        for start in 0..<n {
            var chain: [ChainLink] = []
            var visited: Set<Int> = [start]
            var j = start
            walk: while chain.count < Self.maximumLength {
                switch levels.binding[j] {
                case .none:
                    break walk
                case .capacity:
                    chain.append(.capacity(j)); break walk
                case let .importedInput(p):
                    chain.append(.importedInput(product: p, user: j)); break walk
                case let .domesticInput(i):
                    chain.append(.domesticInput(input: i, user: j))
                    guard visited.insert(i).inserted else { looped[start] = true; break walk }
                    j = i
                case .demand:
                    // The largest fall in the demand for j: a customer's purchases, or its final demand.
                    var worst = constraints.finalDemand[j] - f0[j]
                    var customer: Int? = nil
                    for k in 0..<n where k != j {
                        let change = a[j, k] * (x[k] - x0[k])
                        if change < worst { worst = change; customer = k }
                    }
                    guard worst < 0 else { break walk }
                    guard let k = customer else { chain.append(.finalDemand(j)); break walk }
                    chain.append(.sales(supplier: j, customer: k))
                    guard visited.insert(k).inserted else { looped[start] = true; break walk }
                    j = k
                }
            }
            chains[start] = chain
        }
        self.chains = chains
        self.looped = looped
    }

    /// The binding constraint as impacts.csv writes it: `capacity`, `demand`, `imported P`, `input I`.
    public func bindingText(_ j: Int) -> String {
        switch levels.binding[j] {
        case .none: ""
        case .capacity: "capacity"
        case .demand: "demand"
        case let .importedInput(p): "imported \(codes[p])"
        case let .domesticInput(i): "input \(codes[i])"
        }
    }

    /// One link in a chain's text: the input, `imported P (origin)`, `capacity J`, `final demand J`, `sales to K`.
    public func text(_ link: ChainLink) -> String {
        switch link {
        case let .domesticInput(i, _): codes[i]
        case let .importedInput(p, _): "imported \(codes[p])" + (origins[p].map { " (\($0))" } ?? "")
        case let .capacity(j): "capacity \(codes[j])"
        case let .finalDemand(j): "final demand \(codes[j])"
        case let .sales(_, k): "sales to \(codes[k])"
        }
    }

    /// The chain as impacts.csv writes it: links joined by ` <- `, e.g. `35 <- imported 20 (non-EU)`.
    public func chainText(_ j: Int) -> String {
        chains[j].map(text).joined(separator: " <- ") + (looped[j] ? " <- (loop)" : "")
    }
}
