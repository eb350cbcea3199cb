/// What `CaptureRepository.insertPresigned` did with a new pending image.
package enum PresignedImageInsert: Sendable, Equatable {
    /// The image is stored, pending its upload.
    case inserted
    /// Nothing is stored: the session already has an image with these bytes, or it is no longer active
    /// (or gone). The caller looks which.
    case notInserted
    /// Nothing is stored: another current image holds the angle (only without `replacing`).
    case angleTaken
}
