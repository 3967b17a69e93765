import CMPI
import Foundation
import Scenarios

/// The ranks of `MPI_COMM_WORLD` as a `DrawExchange`, and the agreement on a failure that lets
/// every rank exit with the same status and rank 0 print the message once.
///
/// Every collective begins with `earliestFailure` (one `MPI_Allreduce`), so a rank that fails
/// anywhere — before the draws, in a draw, or while rank 0 writes — joins the others at their
/// next collective with its failure instead of leaving them waiting. Only the thread that called
/// `MPI_Init_thread` calls MPI (`MPI_THREAD_FUNNELED`).
final class MPIExchange: DrawExchange {
    let rank: Int
    let size: Int
    /// The key this rank gave for its own failure, and the key agreed over all ranks.
    private var ownFailure: Int?
    private(set) var agreedFailure: Int?

    /// `MPI_Init_thread`, then the rank and size of `MPI_COMM_WORLD`.
    init() throws(MPIFailure) {
        var provided: Int32 = 0
        try MPIFailure.check(MPI_Init_thread(nil, nil, cmpi_thread_funneled(), &provided), "MPI_Init_thread")
        var r: Int32 = 0, s: Int32 = 0
        try MPIFailure.check(MPI_Comm_rank(cmpi_comm_world(), &r), "MPI_Comm_rank")
        try MPIFailure.check(MPI_Comm_size(cmpi_comm_world(), &s), "MPI_Comm_size")
        rank = Int(r)
        size = Int(s)
    }

    /// `MPI_Barrier`, then `MPI_Finalize`, before the process exits. The barrier keeps every rank
    /// alive until rank 0 has printed what it prints before calling this: `mpirun` aborts the job
    /// when one rank exits non-zero, and `MPI_Finalize` alone need not wait for the others.
    func finalize() {
        _ = MPI_Barrier(cmpi_comm_world())
        _ = MPI_Finalize()
    }

    func earliestFailure(_ failure: Int?) throws -> Int? {
        if let failure { ownFailure = failure }
        var mine = Int64(failure ?? Int.max), earliest: Int64 = 0
        try MPIFailure.check(MPI_Allreduce(&mine, &earliest, 1, cmpi_int64(), cmpi_min(), cmpi_comm_world()), "MPI_Allreduce")
        guard earliest != Int64(Int.max) else { return nil }
        agreedFailure = Int(earliest)
        return Int(earliest)
    }

    /// `MPI_Gatherv` of doubles into rank 0's buffer (`MPI_IN_PLACE` there).
    func gather(_ buffer: UnsafeMutableBufferPointer<Double>, ranges: [Range<Int>]) throws {
        precondition(ranges.count == size)
        guard let total = ranges.last?.upperBound, total <= Int(Int32.max) else {
            throw MPIFailure(message: "MPI_Gatherv counts are 32-bit: \(ranges.last?.upperBound ?? 0) doubles are more than \(Int32.max); use fewer draws per run")
        }
        let counts = ranges.map { Int32($0.count) }, displacements = ranges.map { Int32($0.lowerBound) }
        let base = buffer.baseAddress
        let code: Int32
        if rank == 0 {
            code = MPI_Gatherv(cmpi_in_place(), 0, cmpi_double(), base, counts, displacements, cmpi_double(), 0, cmpi_comm_world())
        } else {
            let own = ranges[rank]
            code = MPI_Gatherv(base.map { $0 + own.lowerBound }, Int32(own.count), cmpi_double(), nil, nil, nil, cmpi_double(), 0, cmpi_comm_world())
        }
        try MPIFailure.check(code, "MPI_Gatherv")
    }

    func maximum(_ x: Double) throws -> Double {
        var mine = x, result = 0.0
        try MPIFailure.check(MPI_Allreduce(&mine, &result, 1, cmpi_double(), cmpi_max(), cmpi_comm_world()), "MPI_Allreduce")
        return result
    }

    func maximum(_ x: Int) throws -> Int {
        var mine = Int64(x), result: Int64 = 0
        try MPIFailure.check(MPI_Allreduce(&mine, &result, 1, cmpi_int64(), cmpi_max(), cmpi_comm_world()), "MPI_Allreduce")
        return Int(result)
    }

    /// After the command: fails in every rank when any rank failed since the last collective.
    func finish() throws {
        if let key = try earliestFailure(nil) { throw PeerFailure(key: key) }
    }

    /// After a failure in any rank: agrees which rank's message is reported — the one with the
    /// smallest failure key (the earliest draw; −1 before the draws), the lowest rank on a tie —
    /// and returns its exit status in every rank, its text in rank 0. `message` is this rank's
    /// own, nil when it only learnt of another's failure (`PeerFailure`).
    func agreeOnFailure(message: (text: String, status: Int32)?) -> (text: String?, status: Int32) {
        // A rank that failed outside a collective tells the others at their next one.
        if agreedFailure == nil { _ = try? earliestFailure(-1) }
        let key = message == nil ? Int64.max : Int64(ownFailure ?? -1)
        // (key, rank) in one integer: the key (from −1) times the size, plus the rank.
        var mine = key == Int64.max ? Int64.max : (key + 1) * Int64(size) + Int64(rank), winner: Int64 = 0
        guard MPI_Allreduce(&mine, &winner, 1, cmpi_int64(), cmpi_min(), cmpi_comm_world()) == cmpi_success(), winner != Int64.max else {
            return (rank == 0 ? message?.text ?? "error: a rank of ioshock-mpi failed without a message" : nil, message?.status ?? 1)
        }
        let from = Int32(winner % Int64(size))
        var bytes = Array((message?.text ?? "").utf8)
        var header: [Int64] = [Int64(bytes.count), Int64(message?.status ?? 1)]
        _ = MPI_Bcast(&header, 2, cmpi_int64(), from, cmpi_comm_world())
        if Int32(rank) != from { bytes = [UInt8](repeating: 0, count: Int(header[0])) }
        _ = bytes.withUnsafeMutableBytes { MPI_Bcast($0.baseAddress, Int32(header[0]), cmpi_char(), from, cmpi_comm_world()) }
        return (rank == 0 ? String(decoding: bytes, as: UTF8.self) : nil, Int32(header[1]))
    }
}

/// An MPI call that returned an error code.
struct MPIFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }

    static func check(_ code: Int32, _ call: String) throws(MPIFailure) {
        guard code != cmpi_success() else { return }
        var text = [CChar](repeating: 0, count: 1024)
        var length: Int32 = 0
        _ = MPI_Error_string(code, &text, &length)
        throw MPIFailure(message: "\(call) failed: \(String(decoding: text.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self))")
    }
}
