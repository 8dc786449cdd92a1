/// A FIFO queue in a circular buffer: appending and removing at the front are O(1) amortised; removing from the
/// middle shifts the elements behind it.
struct RingBuffer<Element> {
    private var storage: [Element?] = []
    /// Where the first element is in `storage`.
    private var head = 0
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    /// The element `offset` places from the front.
    subscript(offset: Int) -> Element {
        precondition(offset >= 0 && offset < count, "RingBuffer offset \(offset) out of 0..<\(count)")
        guard let element = storage[slot(offset)] else {
            preconditionFailure("RingBuffer slot within count is empty")
        }
        return element
    }

    mutating func append(_ element: Element) {
        if count == storage.count { grow() }
        storage[slot(count)] = element
        count += 1
    }

    mutating func popFirst() -> Element? {
        guard count > 0 else { return nil }
        let element = storage[head]
        storage[head] = nil
        head = slot(1)
        count -= 1
        return element
    }

    /// Removes the element `offset` places from the front, keeping the order of the others.
    @discardableResult
    mutating func remove(at offset: Int) -> Element {
        let element = self[offset]
        if offset == 0 {
            _ = popFirst()
            return element
        }
        for position in offset..<(count - 1) {
            storage[slot(position)] = storage[slot(position + 1)]
        }
        storage[slot(count - 1)] = nil
        count -= 1
        return element
    }

    /// The offset of the first element, from the front, that satisfies `predicate`.
    func firstOffset(where predicate: (Element) -> Bool) -> Int? {
        (0..<count).first { predicate(self[$0]) }
    }

    private func slot(_ offset: Int) -> Int {
        let position = head + offset
        return position < storage.count ? position : position - storage.count
    }

    private mutating func grow() {
        var larger: [Element?] = []
        larger.reserveCapacity(max(8, storage.count * 2))
        for offset in 0..<count {
            larger.append(storage[slot(offset)])
        }
        larger.append(contentsOf: repeatElement(nil, count: max(8, storage.count * 2) - count))
        storage = larger
        head = 0
    }
}

extension RingBuffer: Sendable where Element: Sendable {}
