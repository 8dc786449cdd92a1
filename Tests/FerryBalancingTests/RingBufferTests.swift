@testable import FerryBalancing
import Testing

@Suite struct RingBufferTests {
    @Test func itIsFirstInFirstOutAcrossWrapAroundAndGrowth() {
        var buffer = RingBuffer<Int>()
        var model: [Int] = []
        var random = SplitMix64(seed: 1)
        for value in 0..<5000 {
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<5:
                buffer.append(value)
                model.append(value)
            case 5..<8:
                #expect(buffer.popFirst() == model.first)
                if !model.isEmpty { model.removeFirst() }
            default:
                guard !model.isEmpty else { continue }
                let offset = Int.random(in: model.indices, using: &random)
                #expect(buffer.remove(at: offset) == model.remove(at: offset))
            }
            #expect(buffer.count == model.count)
        }
        #expect((0..<buffer.count).map { buffer[$0] } == model)
        #expect(buffer.firstOffset(where: { $0 == model.last }) == (model.isEmpty ? nil : model.count - 1))
    }
}
