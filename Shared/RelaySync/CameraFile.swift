/// One file of a camera that recorded in several (chapters split at 4 GB or 30 minutes, or an operator
/// stopping and starting again): the input of ``SyncEngine/analyze(masterFiles:masterLabel:cameraFiles:progress:)``.
package struct CameraFile: Sendable {
    /// The file's place in the camera's sequence (a chapter number); files are taken in this order.
    package let number: Int
    /// The caller's name for the file (an asset id), echoed in ``FilePlacement/id``.
    package let id: String
    package let track: AudioTrack

    package init(number: Int, id: String, track: AudioTrack) {
        self.number = number
        self.id = id
        self.track = track
    }
}
