/// What a repository did with a row that must be unique: stored it, or found one with the same unique
/// value already there. The domain decides what the caller hears (a 409 with its own code).
package enum UniqueInsert: Sendable, Equatable {
    case inserted
    case duplicate
}
