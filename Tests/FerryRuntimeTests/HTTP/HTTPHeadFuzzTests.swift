import FerryRuntime
import Testing

/// Seeded mutations of the corpus: the parser must never trap (debug builds check every byte access), and the
/// verdict and messages must not depend on how the bytes are split.
@Suite struct HTTPHeadFuzzTests {
    /// SplitMix64, so failures reproduce from the printed seed.
    private struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Bytes that matter to the grammar, more likely than random ones.
    private static let interesting: [UInt8] = Array("\r\n :;,\t\"\\=0aF-/".utf8) + [0x00, 0x7F, 0xE9]

    private func mutate(_ bytes: [UInt8], using generator: inout Generator) -> [UInt8] {
        var result = bytes
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let position = Int.random(in: 0...result.count, using: &generator)
            let byte = Bool.random(using: &generator)
                ? Self.interesting.randomElement(using: &generator)!
                : UInt8.random(in: 0...255, using: &generator)
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: result.insert(byte, at: position)
            case 1 where position < result.count: result.remove(at: position)
            default: if position < result.count { result[position] = byte }
            }
        }
        return result
    }

    @Test(arguments: [1, 2, 3, 4])
    func mutatedRequestsBehaveTheSameInAnySplit(seed: UInt64) {
        var generator = Generator(state: seed)
        let corpus = HTTPHeadCorpus.validRequests + HTTPHeadCorpus.malformedRequests
        for round in 0..<400 {
            let base = corpus[round % corpus.count].bytes
            let bytes = mutate(base, using: &generator)
            let oneShot = HTTPStream.run(bytes, .requests)
            let pieceSize = Int.random(in: 1...16, using: &generator)
            #expect(HTTPStream.run(bytes, .requests, pieceSize: pieceSize) == oneShot,
                    "seed \(seed) round \(round) piece \(pieceSize): \(bytes)")
        }
    }

    @Test(arguments: [5, 6])
    func mutatedResponsesBehaveTheSameInAnySplit(seed: UInt64) {
        var generator = Generator(state: seed)
        let responses = [
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\n0\r\nT: v\r\n\r\n",
            "HTTP/1.0 404 Not Found\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n",
        ].map(wire)
        for round in 0..<300 {
            let bytes = mutate(responses[round % responses.count], using: &generator)
            let oneShot = HTTPStream.run(bytes, .responses([]), closeAtEnd: true)
            #expect(HTTPStream.run(bytes, .responses([]), pieceSize: 3, closeAtEnd: true) == oneShot,
                    "seed \(seed) round \(round): \(bytes)")
        }
    }
}
