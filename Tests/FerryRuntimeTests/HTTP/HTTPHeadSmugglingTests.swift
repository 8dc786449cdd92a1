import FerryRuntime
import Testing

/// The malformed and smuggling-prone requests of `HTTPHeadCorpus`, each with the error Ferry must give.
@Suite struct HTTPHeadSmugglingTests {
    @Test func theTableIsLargeAndNamesAreUnique() {
        #expect(HTTPHeadCorpus.malformedRequests.count >= 40)
        let names = (HTTPHeadCorpus.malformedRequests + HTTPHeadCorpus.validRequests).map(\.name)
        #expect(Set(names).count == names.count)
    }

    @Test(arguments: HTTPHeadCorpus.malformedRequests)
    func rejectedInOneRead(_ testCase: HTTPCorpusCase) {
        #expect(HTTPStream.requestError(testCase.bytes) == testCase.expected)
    }

    @Test(arguments: HTTPHeadCorpus.malformedRequests)
    func rejectedTheSameWayOneByteAtATime(_ testCase: HTTPCorpusCase) {
        #expect(HTTPStream.requestError(testCase.bytes, pieceSize: 1) == testCase.expected)
    }

    @Test(arguments: HTTPHeadCorpus.validRequests)
    func acceptedAndComplete(_ testCase: HTTPCorpusCase) {
        let outcome = HTTPStream.run(testCase.bytes, .requests)
        guard case .messages(let messages, let atBoundary) = outcome else {
            Issue.record("rejected: \(outcome)")
            return
        }
        #expect(!messages.isEmpty)
        #expect(messages.allSatisfy { $0.complete })
        #expect(atBoundary)
    }

    /// Whatever the split, a stream gives the same messages: heads, decoded fields and forwarded body bytes.
    @Test(arguments: HTTPHeadCorpus.validRequests)
    func byteAtATimeEqualsOneShot(_ testCase: HTTPCorpusCase) {
        let oneShot = HTTPStream.run(testCase.bytes, .requests)
        #expect(HTTPStream.run(testCase.bytes, .requests, pieceSize: 1) == oneShot)
        #expect(HTTPStream.run(testCase.bytes, .requests, pieceSize: 7) == oneShot)
    }

    /// Two reads split at every position give the same result as one read.
    @Test func everyTwoPieceSplitEqualsOneShot() {
        let stream = HTTPHeadCorpus.validRequests.first { $0.name == "pipelined" }!.bytes
        let oneShot = HTTPStream.run(stream, .requests)
        for split in 1..<stream.count {
            var piecewise = HTTPStream(.requests)
            do {
                try piecewise.receive(stream[..<split])
                try piecewise.receive(stream[split...])
            } catch {
                Issue.record("split at \(split): \(error)")
            }
            #expect(StreamOutcome.messages(piecewise.messages, atBoundary: piecewise.isAtMessageBoundary) == oneShot)
        }
    }
}
