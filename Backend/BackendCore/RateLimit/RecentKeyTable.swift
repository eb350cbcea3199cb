/// A map that holds at most `capacity` keys, dropping the least recently touched ones in bulk: two
/// generations, each up to half the capacity; when the current one fills it becomes the previous one and
/// the old previous one is dropped whole. A key touched in the previous generation moves to the current.
/// Every operation is O(1) (amortised), so a flood of distinct keys neither grows memory nor slows down
/// the keys in use — the flood only pushes itself (and idle keys) out.
struct RecentKeyTable<Value> {
    let capacity: Int
    private var current: [String: Value] = [:]
    private var previous: [String: Value] = [:]

    init(capacity: Int) {
        precondition(capacity >= 2, "a table needs room for two generations")
        self.capacity = capacity
    }

    /// How many keys are held (at most `capacity`).
    var count: Int { current.count + previous.count }

    subscript(key: String) -> Value? {
        get { current[key] ?? previous[key] }
        set {
            if let newValue {
                previous[key] = nil
                if current[key] == nil && current.count >= capacity / 2 {
                    previous = current
                    current = [:]
                    current.reserveCapacity(capacity / 2)
                }
                current[key] = newValue
            } else {
                current[key] = nil
                previous[key] = nil
            }
        }
    }
}
