import Foundation
import IOModels

/// Processes that share the draws of one Monte Carlo run or sweep: the ranks of an MPI job
/// (`ioshock-mpi`, docs/hpc.md), or anything else that can do the four collective operations.
///
/// Every process runs the same plan; each solves only its block of chunks
/// (`DrawPartition.chunks(of:)`), then rank 0 gathers every draw's slots and builds the run.
/// The chunks are those of a single process, so rank 0's run equals the single-process run
/// exactly, for any number of processes. The operations are collective: every process calls
/// them in the same order, from the thread that called `UncertaintyRun.run`.
public protocol DrawExchange: AnyObject {
    /// This process, 0 to `size` − 1; rank 0 assembles and reports the run.
    var rank: Int { get }
    /// The number of processes.
    var size: Int { get }
    /// Every process says whether it failed: `failure` is a key that orders the failures (the
    /// index of its first failing draw, −1 for a failure before the draws), nil when it did not
    /// fail. Returns the smallest key over all processes, nil when none failed.
    func earliestFailure(_ failure: Int?) throws -> Int?
    /// Rank 0's `buffer` receives, in place, `ranges[r]` from each rank r, which sends that range
    /// of its own `buffer`; the ranges are disjoint, in rank order.
    func gather(_ buffer: UnsafeMutableBufferPointer<Double>, ranges: [Range<Int>]) throws
    /// The largest `x` over all processes.
    func maximum(_ x: Double) throws -> Double
    func maximum(_ x: Int) throws -> Int
}

/// Another process of the run failed; that process's error is the one to report (the caller
/// agrees with the others which one, e.g. the earliest draw's).
public struct PeerFailure: Error, CustomStringConvertible {
    /// The failure key agreed by `DrawExchange.earliestFailure`.
    public var key: Int
    public init(key: Int) { self.key = key }
    public var description: String { "another process of the run failed (key \(key))" }
}

/// Which chunks of draws one of `size` processes solves: a contiguous block, the blocks in rank
/// order and as equal as they can be (they differ by at most one chunk), so that a rank's draws
/// are one range of the run's slots.
public struct DrawPartition: Sendable, Equatable {
    public let rank: Int
    public let size: Int

    public init(rank: Int, size: Int) {
        precondition(size >= 1 && (0..<size).contains(rank), "rank \(rank) of \(size)")
        self.rank = rank
        self.size = size
    }

    /// Rank r's chunks of `count`: ⌊count·r/size⌋ ..< ⌊count·(r+1)/size⌋.
    public func chunks(of count: Int) -> Range<Int> {
        (count * rank / size)..<(count * (rank + 1) / size)
    }

    /// The draws of those chunks, for chunks of `chunk` draws over `draws` draws.
    public func draws(chunk: Int, of draws: Int) -> Range<Int> {
        let chunks = chunks(of: (draws + chunk - 1) / chunk)
        return min(draws, chunks.lowerBound * chunk)..<min(draws, chunks.upperBound * chunk)
    }
}

extension UncertaintyRun {
    /// Runs every draw of a checked plan (`CheckedScenario`, `UncertaintyPlan.validate`);
    /// `leontief`, the table's model when the caller has it (`CheckedScenario.leontief`), saves a
    /// factorisation.
    public init(validated: UncertaintyPlan.Validated, leontief: LeontiefModel? = nil, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                progress: (@Sendable (Int) -> Void)? = nil) throws {
        try self.init(validated: validated, leontief: leontief, threads: threads, progress: progress, exchange: nil)
    }

    /// Runs this process's share of the draws (`DrawPartition`) and hands them to rank 0, which
    /// returns the whole run — the same value as the single-process `init(validated:threads:progress:)`
    /// but for `wallTime` and `ranks`; the other ranks return nil. `progress` counts this
    /// process's draws. A failure in any process throws in every process: the failing draw's
    /// error where it occurred, `PeerFailure` elsewhere.
    /// - Complexity: as the single-process run, divided by the number of processes, plus one
    ///   gather of draws × (n × c + c + days) doubles to rank 0.
    public static func run(validated: UncertaintyPlan.Validated, leontief: LeontiefModel? = nil, threads: Int, progress: (@Sendable (Int) -> Void)? = nil,
                           exchange: any DrawExchange) throws -> UncertaintyRun? {
        do {
            var run = try UncertaintyRun(validated: validated, leontief: leontief, threads: threads, progress: progress, exchange: exchange)
            run.ranks = exchange.size
            return run
        } catch is HandedOver {
            return nil
        }
    }

    /// Thrown by `gather` in ranks other than 0 once their draws are with rank 0; it never leaves
    /// this module (`run(validated:threads:progress:exchange:)` turns it into nil).
    struct HandedOver: Error {}

    /// This process's chunks: all of them alone, else its block (`DrawPartition`).
    static func chunks(_ count: Int, for exchange: (any DrawExchange)?) -> Range<Int> {
        guard let exchange else { return 0..<count }
        return DrawPartition(rank: exchange.rank, size: exchange.size).chunks(of: count)
    }

    /// After the chunk loop: alone, rethrows the first error; with an exchange, agrees on the
    /// earliest failing draw over the processes (each process's own is its earliest, since it
    /// takes its chunks in order), then gathers every buffer's per-draw slots (`perDraw` doubles a
    /// draw) and the worst residual and most iterations into rank 0, and throws `HandedOver`
    /// elsewhere.
    static func gather(_ exchange: (any DrawExchange)?, state: Shared, buffers: [(UnsafeMutableBufferPointer<Double>, perDraw: Int)],
                       chunk: Int, chunks: Int, draws: Int) throws {
        guard let exchange else {
            if let error = state.firstError { throw error }
            return
        }
        let own = state.firstError == nil ? nil : state.failedAt
        if let earliest = try exchange.earliestFailure(own) {
            if let error = state.firstError, own == earliest { throw error }
            throw PeerFailure(key: earliest)
        }
        let shares = (0..<exchange.size).map { DrawPartition(rank: $0, size: exchange.size).draws(chunk: chunk, of: draws) }
        for (buffer, perDraw) in buffers {
            try exchange.gather(buffer, ranges: shares.map { ($0.lowerBound * perDraw)..<($0.upperBound * perDraw) })
        }
        let residual = try exchange.maximum(state.residual)
        let iterations = try exchange.maximum(state.iterations ?? -1)
        guard exchange.rank == 0 else { throw HandedOver() }
        state.merge(residual: residual, iterations: iterations >= 0 ? iterations : nil)
    }
}
