import BackendCore
import Foundation
import Synchronization
import Testing

/// The bus's slow-consumer policy (pure logic, in process): a subscriber more than its capacity behind is
/// cut off — it keeps what it had, its sequence ends, it knows — and the others are not affected.
@Suite("Event bus: slow subscribers are cut off, not buffered without bound")
struct EventBusCutOffTests {
    @Test("four behind with room for four: the fifth message cuts it off; a subscriber with room gets all five")
    func cutOff() async throws {
        let bus = LocalEventBus()
        let slow = bus.subscribe("session.a", capacity: 4)
        let roomy = bus.subscribe("session.a", capacity: 100)
        #expect(bus.subscriberCount("session.a") == 2)
        for index in 0..<4 { await bus.publish("session.a", "m\(index)") }
        #expect(!slow.wasCutOff, "exactly full is not behind")
        await bus.publish("session.a", "m4")
        #expect(slow.wasCutOff)
        await slow.cutOff()  // returns at once once fired
        var kept: [String] = []
        for await message in slow { kept.append(message) }
        #expect(kept == ["m0", "m1", "m2", "m3"], "what it had is delivered, then the sequence ends")
        #expect(bus.subscriberCount("session.a") == 1, "a cut-off subscriber is no longer fanned out to")
        #expect(bus.cutOffCount == 1)

        var all: [String] = []
        for await message in roomy {
            all.append(message)
            if all.count == 5 { break }
        }
        #expect(all == (0..<5).map { "m\($0)" } && !roomy.wasCutOff)
    }

    @Test("a subscriber that keeps reading is never cut off, however many messages pass")
    func keepsUp() async throws {
        let bus = LocalEventBus()
        let reader = bus.subscribe("c", capacity: 8)
        let seen = Atomic<Int>(0)
        let reading = Task {
            var messages: [String] = []
            for await message in reader {
                messages.append(message)
                seen.store(messages.count, ordering: .releasing)
                if messages.count == 10_000 { break }
            }
            return messages
        }
        for index in 0..<10_000 {
            // Never more than the capacity ahead of the reader.
            while index - seen.load(ordering: .acquiring) >= 8 { await Task.yield() }
            await bus.publish("c", "\(index)")
        }
        #expect(await reading.value == (0..<10_000).map { "\($0)" })
        #expect(!reader.wasCutOff && bus.cutOffCount == 0)
    }

    @Test("waiting for a cut-off ends when the waiting task is cancelled")
    func cancelledWait() async {
        let subscription = LocalEventBus().subscribe("c", capacity: 1)
        let waiter = Task { await subscription.cutOff() }
        waiter.cancel()
        await waiter.value
        #expect(!subscription.wasCutOff)
    }
}
