@testable import BackendApp
import Testing

/// `Authorization: Bearer <token>` is read the same however the scheme is cased and spaced.
@Suite("bearer token parsing")
struct BearerTokenParsingTests {
    @Test("scheme in any case, blanks around the token dropped; anything else is no bearer token")
    func parsing() {
        #expect(AuthMiddleware.bearerToken("Bearer abc.def") == "abc.def")
        #expect(AuthMiddleware.bearerToken("bEaReR   abc.def \t") == "abc.def")
        #expect(AuthMiddleware.bearerToken("BEARER x") == "x")
        #expect(AuthMiddleware.bearerToken("Bearer  ") == "")
        #expect(AuthMiddleware.bearerToken("Bearer") == nil)
        #expect(AuthMiddleware.bearerToken("Basic abc") == nil)
        #expect(AuthMiddleware.bearerToken("Bearerabc") == nil)
        #expect(AuthMiddleware.bearerToken("Bearer\tabc") == nil, "the scheme ends with a space, as before")
        #expect(AuthMiddleware.bearerToken("Bëarer abc") == nil)
    }
}
