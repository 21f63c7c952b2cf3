package account

import (
	"learnwell"
	"learnwell/internal/geo"
)

// OwnRecord returns a record of the permission's kind that belongs to the
// actor's own organisation, as a person would see it: a person it referred, a
// referral it made (or, for a learning provider, one sent to it with the
// person's consent to share everything), an aggregate of its own boroughs,
// one of its users, itself, an agreement it is party to, the actor's own API
// token, its audit trail. With OtherRecord it lets the authorisation matrix
// test every route for every role on records of its own and of another
// organisation.
func OwnRecord(p Permission, a Actor) Resource {
	other := learnwell.DerivedID("matrix", "other organisation", a.OrgID)
	switch p.ResourceKind() {
	case PersonResource:
		return PersonOf(a.OrgID)
	case ReferralResource:
		ref := ReferralScope{ReferrerOrgID: a.OrgID, ProviderOrgID: other, Consented: Categories(), Touches: ReferralDetails}
		if a.OrgKind == LearningProvider {
			ref.ReferrerOrgID, ref.ProviderOrgID = other, a.OrgID
		}
		return ReferralOf(ref)
	case AggregateResource:
		if a.AllLondon {
			return AggregatesOf()
		}
		return AggregatesOf(a.Boroughs...)
	case UserResource:
		return Resource{Kind: UserResource, OrgID: a.OrgID, OwnerID: learnwell.DerivedID("matrix", "colleague", a.UserID)}
	case OrganisationResource:
		return OrganisationOf(a.OrgID)
	case AgreementResource:
		return AgreementOf(a.OrgID, other)
	case TokenResource:
		return TokenOf(a.UserID, a.OrgID)
	case AuditResource:
		return AuditOf(a.OrgID)
	case MessageResource:
		return MessagesTo(a.OrgID)
	}
	return NoRecord()
}

// OtherRecord returns a record of the permission's kind that belongs to
// another organisation, with no tie to the actor's: a referral between two
// other organisations, an aggregate of a borough the actor's organisation does
// not serve (where there is one), and so on.
func OtherRecord(p Permission, a Actor) Resource {
	other := learnwell.DerivedID("matrix", "other organisation", a.OrgID)
	third := learnwell.DerivedID("matrix", "third organisation", a.OrgID)
	switch p.ResourceKind() {
	case PersonResource:
		return PersonOf(other)
	case ReferralResource:
		return ReferralOf(ReferralScope{ReferrerOrgID: other, ProviderOrgID: third, Consented: Categories(), Touches: ReferralDetails})
	case AggregateResource:
		own := Organisation{AllLondon: a.AllLondon, Boroughs: a.Boroughs}
		for _, b := range geo.Boroughs() {
			if !own.Serves(b.Code) {
				return AggregatesOf(b.Code)
			}
		}
		return AggregatesOf(geo.Boroughs()[0].Code)
	case UserResource:
		return Resource{Kind: UserResource, OrgID: other, OwnerID: learnwell.DerivedID("matrix", "stranger", a.UserID)}
	case OrganisationResource:
		return OrganisationOf(other)
	case AgreementResource:
		return AgreementOf(other, third)
	case TokenResource:
		return TokenOf(learnwell.DerivedID("matrix", "stranger", a.UserID), other)
	case AuditResource:
		return AuditOf(other)
	case MessageResource:
		return MessagesTo(other)
	}
	return NoRecord()
}
