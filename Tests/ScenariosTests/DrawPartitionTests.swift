import Foundation
import IOTables
import Scenarios
import TestSupport
import Testing

/// The split of a run's draws across processes (`DrawPartition`, `UncertaintyRun.run(…exchange:)`),
/// without MPI: the ranks are threads of this process, exchanging through `LocalExchange`.
@Suite("Draw partition")
struct DrawPartitionTests {
    /// The blocks of `size` ranks tile 0..<count in rank order, each ⌊count/size⌋ or ⌈count/size⌉ long.
    @Test(arguments: [1, 2, 3, 4, 7])
    func blocksTileTheChunksInRankOrder(size: Int) {
        for count in 0...40 {
            let blocks = (0..<size).map { DrawPartition(rank: $0, size: size).chunks(of: count) }
            #expect(blocks.first?.lowerBound == 0 && blocks.last?.upperBound == count)
            for r in 1..<size { #expect(blocks[r].lowerBound == blocks[r - 1].upperBound) }
            #expect(blocks.allSatisfy { $0.count == count / size || $0.count == (count + size - 1) / size })
        }
    }

    /// A rank's draws are its chunks' draws: chunks of 4 over 10 draws are 0–3, 4–7, 8–9; with 2
    /// ranks the blocks are chunks {0} and {1, 2}, i.e. draws 0..<4 and 4..<10.
    @Test func drawsOfARankAreThoseOfItsChunks() {
        #expect(DrawPartition(rank: 0, size: 2).draws(chunk: 4, of: 10) == 0..<4)
        #expect(DrawPartition(rank: 1, size: 2).draws(chunk: 4, of: 10) == 4..<10)
        // More ranks than chunks: some ranks have nothing to do.
        #expect(DrawPartition(rank: 0, size: 3).draws(chunk: 4, of: 4) == 0..<0)
        #expect(DrawPartition(rank: 2, size: 3).draws(chunk: 4, of: 4) == 0..<4)
    }

    /// Runs `plan` on `size` thread-ranks: each rank's result, or the error it threw.
    static func partitioned(_ plan: UncertaintyPlan, size: Int) throws -> [Result<UncertaintyRun?, any Error>] {
        let validated = try plan.validate(everyDraw: true)
        let group = LocalExchange.Group(size: size)
        let results = Locked<[Result<UncertaintyRun?, any Error>]>(Array(repeating: .success(nil), count: size))
        let done = DispatchGroup()
        for rank in 0..<size {
            done.enter()
            let thread = Thread {
                let outcome = Result { try UncertaintyRun.run(validated: validated, threads: 1, exchange: LocalExchange(rank: rank, group: group)) }
                results.update { $0[rank] = outcome }
                done.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        done.wait()
        return results.value
    }

    static func expectSameRun(_ a: UncertaintyRun, _ b: UncertaintyRun) {
        #expect(a.values == b.values)
        #expect(a.columns == b.columns)
        #expect(a.sectorValues == b.sectorValues)
        #expect(a.totalValues == b.totalValues)
        #expect(a.dailyOutput == b.dailyOutput)
        #expect(a.worstResidual == b.worstResidual)
        #expect(a.maxIterations == b.maxIterations)
        #expect(a.sensitivity.map(\.parameter) == b.sensitivity.map(\.parameter))
        #expect(a.sensitivity.map(\.outputChangeAtHigh) == b.sensitivity.map(\.outputChangeAtHigh))
        #expect(a.sensitivity.map(\.rankCorrelation) == b.sensitivity.map(\.rankCorrelation))
    }

    /// 500 draws in chunks of 31 (17 chunks): ranks of 5, 6 and 6 chunks. Rank 0 reassembles the
    /// single-process run exactly (the same numbers, not close ones: the chunks are the same
    /// batches); the other ranks return nil.
    @Test(arguments: [2, 3])
    func staticRunReassembledOnRankZeroEqualsTheSingleProcessRun(size: Int) throws {
        let plan = try #require(try UncertaintyPlan.detect(try TOMLDocument(path: scenarioFile(UncertaintyTests.monteCarlo))))
        let single = try UncertaintyRun(plan: plan, threads: 2)
        let ranks = try Self.partitioned(plan, size: size)
        let root = try #require(try ranks[0].get())
        Self.expectSameRun(root, single)
        #expect(root.ranks == size && single.ranks == 1)
        for r in 1..<size { #expect(try ranks[r].get() == nil) }
        // The slots are not those of one rank only: every rank's block moved the totals.
        #expect(Set(root.totalSeries(column: UncertaintyRun.outputChangeColumn)).count > 400)
    }

    /// The dynamic model: 12 draws in lockstep batches of 3 (4 chunks; ranks of 1, 1 and 2).
    @Test func dynamicRunReassembledOnRankZeroEqualsTheSingleProcessRun() throws {
        let path = scenarioFile(DynamicUncertaintyTests.scenario(model: DynamicUncertaintyTests.models[0]), bundle: DynamicUncertaintyTests.flanders)
        let plan = try #require(try UncertaintyPlan.detect(try TOMLDocument(path: path)))
        let single = try UncertaintyRun(plan: plan, threads: 1)
        let ranks = try Self.partitioned(plan, size: 3)
        let root = try #require(try ranks[0].get())
        Self.expectSameRun(root, single)
        #expect(root.days == 120 && root.dailyOutput.count == 12 * 120)
        for r in 1..<3 { #expect(try ranks[r].get() == nil) }
    }

    /// A sweep of 12 combinations, max_iterations slowest: draws 9–12 (0-based 8–11) allow one
    /// iteration and fail, all in rank 2's block (chunks of 1: ranks hold 0–3, 4–7, 8–11). Rank 2
    /// throws the single-process error (draw 9), the others `PeerFailure` with its key, 8.
    @Test func theEarliestFailingDrawIsReportedWhereverItRan() throws {
        let text = """
            table = "table"
            [model]
            max_iterations = [1000, 1000, 1]
            [[shock]]
            products = ["A"]
            origin = "non-EU"
            cut = [0.3, 0.5, 0.7, 0.9]
            """
        let plan = try #require(try UncertaintyPlan.detect(try TOMLDocument(path: scenarioFile(text))))
        var message = ""
        #expect { _ = try UncertaintyRun(plan: plan, threads: 1) } throws: { error in
            message = "\(error)"
            return message.contains("in draw 9 (")
        }
        let ranks = try Self.partitioned(plan, size: 3)
        for r in 0..<2 {
            #expect(throws: PeerFailure.self) { _ = try ranks[r].get() }
            if case let .failure(error as PeerFailure) = ranks[r] { #expect(error.key == 8) }
        }
        #expect { _ = try ranks[2].get() } throws: { "\($0)" == message }
    }
}

/// Ranks as threads of one process: each collective waits until every rank has called it, and
/// the last to arrive computes the result for all.
final class LocalExchange: DrawExchange {
    final class Group: @unchecked Sendable {
        let size: Int
        private let condition = NSCondition()
        private var arrived = 0, generation = 0
        private var contributions: [Any?]
        private var result: Any?

        init(size: Int) {
            self.size = size
            contributions = Array(repeating: nil, count: size)
        }

        func collective<T>(rank: Int, _ value: Any, combine: ([Any]) -> T) -> T {
            condition.lock(); defer { condition.unlock() }
            let mine = generation
            contributions[rank] = value
            arrived += 1
            if arrived == size {
                result = combine(contributions.map { $0! })
                arrived = 0
                generation += 1
                condition.broadcast()
            } else {
                while generation == mine { condition.wait() }
            }
            return result as! T
        }
    }

    let rank: Int
    let group: Group
    var size: Int { group.size }

    init(rank: Int, group: Group) {
        self.rank = rank
        self.group = group
    }

    func earliestFailure(_ failure: Int?) throws -> Int? {
        group.collective(rank: rank, failure ?? Int.max) { (keys: [Any]) -> Int? in
            let earliest = keys.map { $0 as! Int }.min()!
            return earliest == Int.max ? nil : earliest
        }
    }

    func gather(_ buffer: UnsafeMutableBufferPointer<Double>, ranges: [Range<Int>]) throws {
        let _: Bool = group.collective(rank: rank, buffer) { buffers in
            let root = buffers[0] as! UnsafeMutableBufferPointer<Double>
            for r in 1..<buffers.count {
                let own = buffers[r] as! UnsafeMutableBufferPointer<Double>
                for i in ranges[r] { root[i] = own[i] }
            }
            return true
        }
    }

    func maximum(_ x: Double) throws -> Double {
        group.collective(rank: rank, x) { $0.map { $0 as! Double }.max()! }
    }

    func maximum(_ x: Int) throws -> Int {
        group.collective(rank: rank, x) { $0.map { $0 as! Int }.max()! }
    }
}

/// A value behind a lock, for results written by several threads.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.lock(); defer { lock.unlock() }; return stored }
    func update(_ body: (inout Value) -> Void) { lock.lock(); defer { lock.unlock() }; body(&stored) }
}
