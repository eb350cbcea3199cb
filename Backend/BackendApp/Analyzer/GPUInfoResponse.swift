import Foundation
import Hummingbird

/// `GET /v1/dashboard/gpu-info`: the truth — no analysis method here uses a GPU.
struct GPUInfoResponse: ResponseEncodable, Sendable {
    let success = true
    let gpuAvailable = false
    let gpus: [String] = []
    let message = "This server uses no GPU: every analysis method runs on the CPU (FFTW); the ai method, which would, is not installed."
    let timestamp: Date

    enum CodingKeys: String, CodingKey {
        case success, gpuAvailable = "gpu_available", gpus, message, timestamp
    }
}
