/// An error that keeps the error it was caused by, so a check like `UploadQueueStore.isDiskFull` can
/// look through it to the cause (a GRDB result code, a system error).
package protocol WrappingError: Error {
    /// The error this one was caused by, if any.
    var underlying: (any Error)? { get }
}
