// Backend and end-to-end tests see the shared fixtures (`TestEnvironment`, `TestPhotos`) through
// TestSupport; agent unit tests import TestFixtures alone and link none of the backend.
@_exported import TestFixtures
