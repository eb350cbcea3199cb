/// A queued file that cannot go up as configured: the folder does not say what it belongs to, or the
/// configuration lacks what the backend needs. The item is retried (the operator may fix the config).
enum UploadSetupError: Error, CustomStringConvertible {
    /// A capture folder whose name holds no VIN or stock number.
    case noVehicle(folder: String)
    /// No `site_id` configured and the device is bound to no site.
    case noSite
    /// A recording folder whose name is not a recording session's.
    case notARecording(folder: String)
    /// Recordings need `project_id`.
    case noProject

    var description: String {
        switch self {
        case .noVehicle(let folder): "folder \(folder) names no VIN or stock number"
        case .noSite: "no site: set site_id in the configuration (the device is not bound to a site)"
        case .notARecording(let folder): "folder \(folder) is not a recording session"
        case .noProject: "no project_id in the configuration"
        }
    }
}
