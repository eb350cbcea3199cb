import Foundation
import Hummingbird

/// `DELETE /v1/waveforms/clear`'s answer.
struct WaveformClearedResponse: ResponseEncodable, Sendable {
    let success = true
    let removed: Int
    let timestamp: Date
}
