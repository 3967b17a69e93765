import IOTables

/// The Sobol indices of a `method = "sobol"` run (docs/scenarios.md, "Global sensitivity: Sobol
/// indices"): for each output quantity and each parameter, Sᵢ and S_Tᵢ (`SobolEstimator`) with
/// bootstrap percentile intervals.
public struct SobolAnalysis: Sendable {
    /// The indices of one parameter for one output.
    public struct Row: Sendable {
        /// The impact column of the economy-wide total (`output_change`, `value_added_change`,
        /// `peak_loss_pct`).
        public var output: String
        public var parameter: String
        /// nil when the output does not vary over A and B (the indices are undefined).
        public var first: Double?
        public var total: Double?
        /// nil without bootstrap, or when no resample varies.
        public var firstInterval: ClosedRange<Double>?
        public var totalInterval: ClosedRange<Double>?
        /// V, the variance of the output over A and B (0 when it does not vary).
        public var variance: Double
    }

    /// N, the base sample.
    public let baseSize: Int
    /// N·(k + 2).
    public let evaluations: Int
    /// Bootstrap resamples asked for.
    public let bootstrap: Int
    /// The intervals' coverage (0.95).
    public let level: Double
    /// Per output (in `outputs` order), per parameter in file order.
    public let rows: [Row]
    /// The outputs analysed.
    public let outputs: [String]
}

extension UncertaintyRun {
    /// The outputs whose indices a Sobol run reports, in this order when the run has them: the
    /// total output change and value-added change (cumulative over a dynamic run's horizon) and
    /// a dynamic run's peak daily loss.
    public static let sobolOutputs = ["output_change", "value_added_change", peakLossColumnName]

    /// The confidence level of the bootstrap intervals.
    public static let sobolLevel = 0.95

    /// The Sobol indices of a Sobol plan from the economy-wide totals of its evaluations
    /// (`totals[e·c + column]`, evaluations in design order); nil for any other plan.
    /// - Complexity: O(outputs · bootstrap · N · k).
    static func sobolAnalysis(plan: UncertaintyPlan, totals: [Double], columns: [String], threads: Int) -> SobolAnalysis? {
        guard let design = plan.design else { return nil }
        let n = design.baseSize, k = design.parameterCount, c = columns.count
        let outputs = Self.sobolOutputs.filter { columns.contains($0) }
        var rows: [SobolAnalysis.Row] = []
        for output in outputs {
            let column = columns.firstIndex(of: output)!
            let f = (0..<design.evaluations).map { totals[$0 * c + column] }
            let point = SobolEstimator.estimate(f, baseSize: n, parameters: k)
            let intervals = point == nil ? nil
                : SobolEstimator.bootstrap(f, baseSize: n, parameters: k, resamples: plan.bootstrap, seed: plan.seed, level: sobolLevel, threads: threads)
            for i in 0..<k {
                rows.append(SobolAnalysis.Row(output: output, parameter: plan.parameters[i].name,
                                              first: point?.first[i], total: point?.total[i],
                                              firstInterval: intervals?.first[i], totalInterval: intervals?.total[i],
                                              variance: point?.variance ?? 0))
            }
        }
        return SobolAnalysis(baseSize: n, evaluations: design.evaluations, bootstrap: plan.bootstrap, level: sobolLevel, rows: rows, outputs: outputs)
    }
}
