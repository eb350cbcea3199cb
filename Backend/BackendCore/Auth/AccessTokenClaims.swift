import Foundation
import JWTKit

/// Claims of the access tokens Relay issues (seed 001): `sub`, `org_id`, `role`, `exp`, plus `site_ids`
/// (users), `site_id` (devices), `iss`, `aud`, `iat`, `nbf`, `jti` and `typ = access`.
package struct AccessTokenClaims: JWTPayload, Equatable {
    package var iss: IssuerClaim
    package var aud: AudienceClaim
    package var sub: SubjectClaim
    package var exp: ExpirationClaim
    package var iat: IssuedAtClaim
    package var nbf: NotBeforeClaim
    package var jti: IDClaim
    package var typ: String
    package var orgId: String
    package var role: String
    package var siteIds: [String]?
    package var siteId: String?

    enum CodingKeys: String, CodingKey {
        case iss, aud, sub, exp, iat, nbf, jti, typ, role
        case orgId = "org_id"
        case siteIds = "site_ids"
        case siteId = "site_id"
    }

    package init(
        issuer: String, audience: String, subject: UUID, orgId: UUID, role: Identity.Role, siteIds: [UUID]?,
        siteId: UUID?, issuedAt: Date, lifetime: TimeInterval
    ) {
        iss = IssuerClaim(value: issuer)
        aud = AudienceClaim(value: [audience])
        sub = SubjectClaim(value: subject.uuidString.lowercased())
        // Whole seconds: JWT NumericDate.
        let now = Date(timeIntervalSince1970: issuedAt.timeIntervalSince1970.rounded(.down))
        iat = IssuedAtClaim(value: now)
        nbf = NotBeforeClaim(value: now)
        exp = ExpirationClaim(value: now.addingTimeInterval(lifetime))
        jti = IDClaim(value: UUID().uuidString.lowercased())
        typ = "access"
        self.orgId = orgId.uuidString.lowercased()
        self.role = role.rawValue
        self.siteIds = siteIds.map { $0.map { $0.uuidString.lowercased() } }
        self.siteId = siteId?.uuidString.lowercased()
    }

    /// Signature is checked by the caller; here: time (with `TokenVerifier.leeway`) is checked too.
    package func verify(using algorithm: some JWTAlgorithm) async throws {}

    /// The identity these claims describe; `nil` if a member is malformed.
    package var identity: Identity? {
        guard let subject = UUID(uuidString: sub.value), let org = UUID(uuidString: orgId),
            let role = Identity.Role(rawValue: role)
        else { return nil }
        let sites: [UUID]
        if role == .device {
            sites = siteId.flatMap(UUID.init(uuidString:)).map { [$0] } ?? []
        } else {
            let parsed = (siteIds ?? []).compactMap(UUID.init(uuidString:))
            guard parsed.count == (siteIds ?? []).count else { return nil }
            sites = parsed
        }
        return Identity(subject: subject, orgId: org, role: role, siteIds: sites, tokenId: jti.value, expiresAt: exp.value)
    }
}
