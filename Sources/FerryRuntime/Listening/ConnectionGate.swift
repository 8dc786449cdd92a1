import NIOConcurrencyHelpers

/// Counts the client connections of the whole process and of each frontend against their `maxconn`, and wakes the
/// listeners that stopped accepting when a connection ends.
///
/// Admission and the decision to pause happen under one lock, so a listener that pauses can't miss the wake-up of a
/// connection that closed at the same moment. The lock is taken twice per connection (open and close).
final class ConnectionGate: Sendable {
    private struct State {
        var active = 0
        var activeByFrontend: [Int]
        var paused: [AcceptLimiter.Wakeup] = []
        var drainWaiters: [(id: Int, continuation: CheckedContinuation<Void, Never>)] = []
        var nextWaiterID = 0
    }

    private let globalLimit: Int
    private let frontendLimits: [Int]
    private let state: NIOLockedValueBox<State>

    /// - Parameters:
    ///   - globalLimit: the process-wide `maxconn`.
    ///   - frontendLimits: each frontend's `maxconn`, by frontend index (`Int.max` for none).
    init(globalLimit: Int, frontendLimits: [Int]) {
        self.globalLimit = globalLimit
        self.frontendLimits = frontendLimits
        self.state = NIOLockedValueBox(State(activeByFrontend: Array(repeating: 0, count: frontendLimits.count)))
    }

    /// Connections open now, across all frontends.
    var activeConnections: Int { state.withLockedValue { $0.active } }

    /// Connections open now on one frontend.
    func activeConnections(frontend: Int) -> Int { state.withLockedValue { $0.activeByFrontend[frontend] } }

    /// Counts a new connection if both limits allow it.
    func tryAdmit(frontend: Int) -> Bool {
        state.withLockedValue { state in
            guard state.active < globalLimit, state.activeByFrontend[frontend] < frontendLimits[frontend] else {
                return false
            }
            state.active += 1
            state.activeByFrontend[frontend] += 1
            return true
        }
    }

    /// Whether `frontend` may accept now; if not, `wakeup` is remembered and called once a connection ends.
    func hasRoomOrPause(frontend: Int, wakeup: AcceptLimiter.Wakeup) -> Bool {
        state.withLockedValue { state in
            if state.active < globalLimit, state.activeByFrontend[frontend] < frontendLimits[frontend] { return true }
            state.paused.append(wakeup)
            return false
        }
    }

    /// A connection counted by ``tryAdmit(frontend:)`` ended.
    func release(frontend: Int) {
        let (wakeups, drained) = state.withLockedValue { state in
            state.active -= 1
            state.activeByFrontend[frontend] -= 1
            let wakeups = state.paused
            state.paused.removeAll()
            var drained: [CheckedContinuation<Void, Never>] = []
            if state.active == 0 {
                drained = state.drainWaiters.map(\.continuation)
                state.drainWaiters.removeAll()
            }
            return (wakeups, drained)
        }
        // Woken listeners re-check the limits themselves; one that is still over pauses again.
        for wakeup in wakeups { wakeup.wake() }
        for waiter in drained { waiter.resume() }
    }

    /// Returns once no connection is open, or when the task is cancelled.
    func waitUntilDrained() async {
        let id = state.withLockedValue { state -> Int in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLockedValue { state in
                    if state.active == 0 || Task.isCancelled { return true }
                    state.drainWaiters.append((id, continuation))
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
                guard let index = state.drainWaiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.drainWaiters.remove(at: index).continuation
            }
            waiter?.resume()
        }
    }
}
