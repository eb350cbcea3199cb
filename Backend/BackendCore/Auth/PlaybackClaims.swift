import Foundation
import JWTKit

/// Claims of a playback token: a short-lived ES256 JWT that lets a `<video>` element fetch one video's HLS
/// playlists and segments by URL (`/v1/play/{token}/…`), since a media element cannot send a bearer header.
/// `typ = playback`, so it is never accepted as an access token, and an access token never as one of these.
package struct PlaybackClaims: JWTPayload, Equatable {
    package var iss: IssuerClaim
    package var aud: AudienceClaim
    package var sub: SubjectClaim
    package var exp: ExpirationClaim
    package var iat: IssuedAtClaim
    package var typ: String
    package var orgId: String
    package var role: String
    package var siteIds: [String]?
    package var videoId: String

    enum CodingKeys: String, CodingKey {
        case iss, aud, sub, exp, iat, typ, role
        case orgId = "org_id"
        case siteIds = "site_ids"
        case videoId = "video_id"
    }

    package static let type = "playback"

    package init(issuer: String, audience: String, identity: Identity, videoId: UUID, issuedAt: Date, lifetime: TimeInterval) {
        iss = IssuerClaim(value: issuer)
        aud = AudienceClaim(value: [audience])
        sub = SubjectClaim(value: identity.subject.uuidString.lowercased())
        let now = Date(timeIntervalSince1970: issuedAt.timeIntervalSince1970.rounded(.down))
        iat = IssuedAtClaim(value: now)
        exp = ExpirationClaim(value: now.addingTimeInterval(lifetime))
        typ = Self.type
        orgId = identity.orgId.uuidString.lowercased()
        role = identity.role.rawValue
        siteIds = identity.siteIds.map { $0.uuidString.lowercased() }
        self.videoId = videoId.uuidString.lowercased()
    }

    /// Signature, issuer, audience and times are checked by `TokenService.verifyPlayback`.
    package func verify(using algorithm: some JWTAlgorithm) async throws {}

    /// The caller the token was issued to (checked again against the database on use) and its video.
    package var grant: (identity: Identity, videoId: UUID)? {
        guard let subject = UUID(uuidString: sub.value), let org = UUID(uuidString: orgId),
            let role = Identity.Role(rawValue: role), let video = UUID(uuidString: videoId)
        else { return nil }
        let parsed = (siteIds ?? []).compactMap(UUID.init(uuidString:))
        guard parsed.count == (siteIds ?? []).count else { return nil }
        let identity = Identity(subject: subject, orgId: org, role: role, siteIds: parsed, tokenId: "playback", expiresAt: exp.value)
        return (identity, video)
    }
}
