import BackendCore

/// The job handlers of this build, by kind. Feature modules register their kinds here (image processing,
/// ffmpeg derivatives, sync); `serve`'s in-process worker and `relay-backend worker` both use this list.
public enum JobHandlerRegistry {
    public static func standard(services: AppServices) -> JobHandlers {
        JobHandlers()
    }
}
