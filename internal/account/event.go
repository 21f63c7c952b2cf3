package account

// Event describes one change or sign-in event, in the terms the audit trail
// keeps (internal/audit's Entry, field for field): who, which records, and
// codes, never personal values (no names, email addresses or passwords), so
// erasing a person later leaves the trail intact. Every write of the accounts
// service hands one to its audit hook in the same transaction as the change
// (accounts.Options.Audit); where the request came from is the hook's to add.
type Event struct {
	Action      Action
	ActorID     string            // the user who did it; empty for the system
	ActorOrgID  string            // their organisation
	ActorRole   Role              // the role they acted in, where one applies
	System      string            // for the system: a code like "command:user-create"
	SubjectType string            // "user", "organisation", "agreement", "token"
	SubjectIDs  []string          // the records' ids
	OrgID       string            // the organisation whose records they are
	Codes       map[string]string // facts as codes, like {"roles": "link-worker/org-admin"}
}

// Action names an event.
type Action string

// The events of the trust layer.
const (
	ActionOrganisationCreated Action = "organisation.created"
	ActionOrganisationUpdated Action = "organisation.updated"
	ActionUserInvited         Action = "user.invited"
	ActionUserActivated       Action = "user.activated" // accepted an invitation
	ActionRolesChanged        Action = "user.roles-changed"
	ActionUserDeactivated     Action = "user.deactivated"
	ActionUserReactivated     Action = "user.reactivated"
	ActionSignedIn            Action = "sign-in.succeeded" // password and second factor
	ActionSignInFailed        Action = "sign-in.failed"
	ActionSignedOutEverywhere Action = "sign-in.signed-out-everywhere"
	ActionPasswordResetAsked  Action = "password.reset-requested"
	ActionPasswordReset       Action = "password.reset"
	ActionPasswordChanged     Action = "password.changed"
	ActionSecondFactorSetUp   Action = "second-factor.set-up"
	ActionSecondFactorReset   Action = "second-factor.reset"
	ActionRecoveryCodeUsed    Action = "second-factor.recovery-code-used"
	ActionRecoveryCodesNew    Action = "second-factor.recovery-codes-replaced"
	ActionTokenCreated        Action = "token.created"
	ActionTokenRevoked        Action = "token.revoked"
	ActionAgreementCreated    Action = "agreement.created"
	ActionAgreementUpdated    Action = "agreement.updated"
	ActionAgreementActivated  Action = "agreement.activated"
	ActionAgreementEnded      Action = "agreement.ended"
)

// The demo's published credentials (README, docs/accounts.md). They work only
// in a demo database: demo users are marked, and a sign-in refuses them
// anywhere else; CheckPassword refuses DemoPassword for anyone.
const (
	DemoPassword   = "learnwell-demo-password"
	DemoTOTPSecret = "LEARNWELLDEMOSECONDFACTORKEY2345"
)
