package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"learnwell"
	"learnwell/internal/account"
)

// This file keeps the organisations and users of the trust layer (see
// internal/account). The accounts service (internal/accounts) runs these in its
// transactions, with the audit entry of each change.

func nullTime(t time.Time) sql.NullTime {
	if t.IsZero() {
		return sql.NullTime{}
	}
	return sql.NullTime{Time: t.UTC().Truncate(time.Microsecond), Valid: true}
}

func timeOf(n sql.NullTime) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return n.Time.UTC()
}

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

func fieldError(field, message string) error {
	var v learnwell.Validation
	v.Add(field, message)
	return v.Err()
}

// Person-readable messages for conflicts the store finds.
const (
	msgOrgNameTaken      = "An organisation with this name already exists"
	msgOrgKindFixed      = "The kind of an organisation cannot be changed"
	msgDirectoryUnknown  = "Select the learning provider's organisation in the directory"
	msgDirectoryLinked   = "This organisation in the directory is already linked to another learning provider"
	msgEmailTaken        = "A user with this email address already exists"
	msgUserOrgUnknown    = "Select the person's organisation"
	msgOrgRolesDoNotFit  = "The organisation has users with roles that this kind of organisation cannot give"
	errNoSuchOrg         = "There is no such organisation."
	errNoSuchUser        = "There is no such user."
	orgColumns           = "id, name, kind, all_london, ods_code, directory_organisation_id, demo, created_at, updated_at"
	userColumns          = "id, organisation_id, email, name, status, totp_secret <> '', sessions_valid_after, last_sign_in_at, password_changed_at, demo, created_at, updated_at, deactivated_at"
	credentialsExtraCols = ", password_hash, totp_secret, totp_pending, totp_last_step"
)

// CreateAccountOrganisation validates and writes a new organisation. Its name
// must be unique (without regard to case); a learning provider's directory
// organisation must exist and not be linked to another.
func (tx *Tx) CreateAccountOrganisation(ctx context.Context, o *account.Organisation) error {
	if o.ID == "" {
		o.ID = learnwell.NewID()
	}
	o.Normalise()
	if err := o.Validate(); err != nil {
		return err
	}
	if err := tx.checkOrganisation(ctx, o); err != nil {
		return err
	}
	o.CreatedAt, o.UpdatedAt = tx.Now, tx.Now
	_, err := tx.ExecContext(ctx, `INSERT INTO account_organisations
		(id, name, name_key, kind, all_london, ods_code, directory_organisation_id, demo, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
		o.ID, o.Name, strings.ToLower(o.Name), string(o.Kind), o.AllLondon, o.ODSCode, nullString(o.DirectoryOrganisationID), o.Demo, tx.Now)
	if err != nil {
		return err
	}
	return tx.replaceOrganisationBoroughs(ctx, o)
}

// UpdateAccountOrganisation validates and writes changes to an organisation:
// its name, boroughs, ODS code and directory link. Its kind cannot change.
func (tx *Tx) UpdateAccountOrganisation(ctx context.Context, o *account.Organisation) error {
	old, err := tx.FindAccountOrganisationByID(ctx, o.ID)
	if err != nil {
		return err
	}
	o.Normalise()
	var v learnwell.Validation
	for _, f := range learnwell.ErrorFields(o.Validate()) {
		v.Add(f.Field, f.Message)
	}
	if o.Kind != old.Kind {
		v.Add("kind", msgOrgKindFixed)
	}
	if err := v.Err(); err != nil {
		return err
	}
	if err := tx.checkOrganisation(ctx, o); err != nil {
		return err
	}
	o.Demo, o.CreatedAt, o.UpdatedAt = old.Demo, old.CreatedAt, tx.Now
	_, err = tx.ExecContext(ctx, `UPDATE account_organisations SET name = $2, name_key = $3, all_london = $4, ods_code = $5,
		directory_organisation_id = $6, updated_at = $7 WHERE id = $1`,
		o.ID, o.Name, strings.ToLower(o.Name), o.AllLondon, o.ODSCode, nullString(o.DirectoryOrganisationID), tx.Now)
	if err != nil {
		return err
	}
	return tx.replaceOrganisationBoroughs(ctx, o)
}

// checkOrganisation checks what only the database knows: the name is free,
// the directory organisation exists and is not linked to another.
func (tx *Tx) checkOrganisation(ctx context.Context, o *account.Organisation) error {
	var v learnwell.Validation
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM account_organisations WHERE name_key = $1 AND id <> $2",
		strings.ToLower(o.Name), o.ID).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		v.Add("name", msgOrgNameTaken)
	}
	if o.DirectoryOrganisationID != "" {
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM organisations WHERE id = $1", o.DirectoryOrganisationID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			v.Add("directory_organisation_id", msgDirectoryUnknown)
		} else {
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM account_organisations WHERE directory_organisation_id = $1 AND id <> $2",
				o.DirectoryOrganisationID, o.ID).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				v.Add("directory_organisation_id", msgDirectoryLinked)
			}
		}
	}
	return v.Err()
}

func (tx *Tx) replaceOrganisationBoroughs(ctx context.Context, o *account.Organisation) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM account_organisation_boroughs WHERE organisation_id = $1", o.ID); err != nil {
		return err
	}
	for _, b := range o.Boroughs {
		if _, err := tx.ExecContext(ctx, "INSERT INTO account_organisation_boroughs (organisation_id, borough) VALUES ($1, $2)", o.ID, b); err != nil {
			return err
		}
	}
	return nil
}

func scanOrganisation(row interface{ Scan(...any) error }) (account.Organisation, error) {
	var o account.Organisation
	var kind string
	var dir sql.NullString
	err := row.Scan(&o.ID, &o.Name, &kind, &o.AllLondon, &o.ODSCode, &dir, &o.Demo, &o.CreatedAt, &o.UpdatedAt)
	o.Kind, o.DirectoryOrganisationID = account.OrgKind(kind), dir.String
	o.CreatedAt, o.UpdatedAt = o.CreatedAt.UTC(), o.UpdatedAt.UTC()
	return o, err
}

func (tx *Tx) organisationBoroughs(ctx context.Context, id string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, "SELECT borough FROM account_organisation_boroughs WHERE organisation_id = $1 ORDER BY borough", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var b string
		if err := rows.Scan(&b); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

func (tx *Tx) findOrganisationWhere(ctx context.Context, where string, arg any) (account.Organisation, error) {
	o, err := scanOrganisation(tx.QueryRowContext(ctx, "SELECT "+orgColumns+" FROM account_organisations WHERE "+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return account.Organisation{}, learnwell.Errorf(learnwell.ENOTFOUND, errNoSuchOrg)
	}
	if err != nil {
		return account.Organisation{}, err
	}
	o.Boroughs, err = tx.organisationBoroughs(ctx, o.ID)
	return o, err
}

// FindAccountOrganisationByID returns an organisation, or ENOTFOUND.
func (tx *Tx) FindAccountOrganisationByID(ctx context.Context, id string) (account.Organisation, error) {
	return tx.findOrganisationWhere(ctx, "id = $1", id)
}

// FindAccountOrganisationByName returns the organisation with the name
// (without regard to case), or ENOTFOUND.
func (tx *Tx) FindAccountOrganisationByName(ctx context.Context, name string) (account.Organisation, error) {
	return tx.findOrganisationWhere(ctx, "name_key = $1", strings.ToLower(strings.Join(strings.Fields(name), " ")))
}

// FindAccountOrganisationByID returns an organisation, or ENOTFOUND.
func (db *DB) FindAccountOrganisationByID(ctx context.Context, id string) (o account.Organisation, err error) {
	err = db.ReadTx(ctx, func(tx *Tx) error { o, err = tx.FindAccountOrganisationByID(ctx, id); return err })
	return o, db.classify(err)
}

// AccountOrganisationFilter selects organisations.
type AccountOrganisationFilter struct {
	Kind    account.OrgKind // "" for every kind
	Borough string          // only those serving this borough (all-London ones included)
}

// FindAccountOrganisations returns the organisations that match, by name.
func (db *DB) FindAccountOrganisations(ctx context.Context, f AccountOrganisationFilter) ([]account.Organisation, error) {
	var out []account.Organisation
	err := db.ReadTx(ctx, func(tx *Tx) error {
		boroughs := map[string][]string{}
		err := eachRow(ctx, tx, "SELECT organisation_id, borough FROM account_organisation_boroughs ORDER BY borough", nil, func(r *sql.Rows) error {
			var id, b string
			if err := r.Scan(&id, &b); err != nil {
				return err
			}
			boroughs[id] = append(boroughs[id], b)
			return nil
		})
		if err != nil {
			return err
		}
		return eachRow(ctx, tx, "SELECT "+orgColumns+" FROM account_organisations ORDER BY name_key, id", nil, func(r *sql.Rows) error {
			o, err := scanOrganisation(r)
			if err != nil {
				return err
			}
			o.Boroughs = boroughs[o.ID]
			if (f.Kind == "" || o.Kind == f.Kind) && (f.Borough == "" || o.Serves(f.Borough)) {
				out = append(out, o)
			}
			return nil
		})
	})
	return out, db.classify(err)
}

// CreateUser validates and writes a new user, with their roles, in the
// Invited status unless u.Status says otherwise. Email addresses are unique
// without regard to case.
func (tx *Tx) CreateUser(ctx context.Context, u *account.User) error {
	if u.ID == "" {
		u.ID = learnwell.NewID()
	}
	if u.Status == "" {
		u.Status = account.Invited
	}
	u.Normalise()
	kind := account.OrgKind("")
	org, err := tx.FindAccountOrganisationByID(ctx, u.OrganisationID)
	if err == nil {
		kind = org.Kind
	} else if learnwell.ErrorCode(err) != learnwell.ENOTFOUND {
		return err
	}
	var v learnwell.Validation
	for _, f := range learnwell.ErrorFields(u.Validate(kind)) {
		v.Add(f.Field, f.Message)
	}
	if kind == "" {
		v.Add("organisation_id", msgUserOrgUnknown)
	}
	if !v.Has("email") {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM users WHERE email_key = $1", account.EmailKey(u.Email)).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			v.Add("email", msgEmailTaken)
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	u.CreatedAt, u.UpdatedAt, u.SessionsValidAfter = tx.Now, tx.Now, tx.Now
	_, err = tx.ExecContext(ctx, `INSERT INTO users (id, organisation_id, email, email_key, name, status, sessions_valid_after, demo, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, $7)`,
		u.ID, u.OrganisationID, u.Email, account.EmailKey(u.Email), u.Name, string(u.Status), tx.Now, u.Demo)
	if err != nil {
		return err
	}
	return tx.replaceRoles(ctx, u.ID, u.Roles)
}

func (tx *Tx) replaceRoles(ctx context.Context, userID string, roles []account.Role) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM user_roles WHERE user_id = $1", userID); err != nil {
		return err
	}
	for _, r := range roles {
		if _, err := tx.ExecContext(ctx, "INSERT INTO user_roles (user_id, role) VALUES ($1, $2)", userID, string(r)); err != nil {
			return err
		}
	}
	return nil
}

func scanUser(row interface{ Scan(...any) error }, extra ...any) (account.User, error) {
	var u account.User
	var status string
	var lastSignIn, pwChanged, deactivated sql.NullTime
	dest := append([]any{&u.ID, &u.OrganisationID, &u.Email, &u.Name, &status, &u.SecondFactor, &u.SessionsValidAfter,
		&lastSignIn, &pwChanged, &u.Demo, &u.CreatedAt, &u.UpdatedAt, &deactivated}, extra...)
	err := row.Scan(dest...)
	u.Status = account.UserStatus(status)
	u.LastSignInAt, u.PasswordChangedAt, u.DeactivatedAt = timeOf(lastSignIn), timeOf(pwChanged), timeOf(deactivated)
	u.SessionsValidAfter, u.CreatedAt, u.UpdatedAt = u.SessionsValidAfter.UTC(), u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	return u, err
}

func (tx *Tx) userRoles(ctx context.Context, userID string) ([]account.Role, error) {
	var roles []account.Role
	err := eachRow(ctx, tx, "SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role", []any{userID}, func(r *sql.Rows) error {
		var role string
		err := r.Scan(&role)
		roles = append(roles, account.Role(role))
		return err
	})
	return roles, err
}

// Credentials are a user's secrets, for the accounts service only: never put
// them on a page.
type Credentials struct {
	User         account.User
	PasswordHash string // "" until the user sets one
	TOTPSecret   string // sealed; "" until set up
	TOTPPending  string // sealed; during set-up
	TOTPLastStep int64
}

func (tx *Tx) findUserWhere(ctx context.Context, where string, arg any) (Credentials, error) {
	var c Credentials
	var err error
	c.User, err = scanUser(tx.QueryRowContext(ctx, "SELECT "+userColumns+credentialsExtraCols+" FROM users WHERE "+where, arg),
		&c.PasswordHash, &c.TOTPSecret, &c.TOTPPending, &c.TOTPLastStep)
	if errors.Is(err, sql.ErrNoRows) {
		return Credentials{}, learnwell.Errorf(learnwell.ENOTFOUND, errNoSuchUser)
	}
	if err != nil {
		return Credentials{}, err
	}
	c.User.Roles, err = tx.userRoles(ctx, c.User.ID)
	return c, err
}

// FindUserByID returns a user, or ENOTFOUND.
func (tx *Tx) FindUserByID(ctx context.Context, id string) (account.User, error) {
	c, err := tx.findUserWhere(ctx, "id = $1", id)
	return c.User, err
}

// FindUserByID returns a user, or ENOTFOUND.
func (db *DB) FindUserByID(ctx context.Context, id string) (u account.User, err error) {
	err = db.ReadTx(ctx, func(tx *Tx) error { u, err = tx.FindUserByID(ctx, id); return err })
	return u, db.classify(err)
}

// FindUserByEmail returns the user with the email address (without regard to
// case), or ENOTFOUND.
func (tx *Tx) FindUserByEmail(ctx context.Context, email string) (account.User, error) {
	c, err := tx.findUserWhere(ctx, "email_key = $1", account.EmailKey(email))
	return c.User, err
}

// FindCredentials returns a user with their secrets, by id, or ENOTFOUND.
func (tx *Tx) FindCredentials(ctx context.Context, userID string) (Credentials, error) {
	return tx.findUserWhere(ctx, "id = $1", userID)
}

// FindCredentialsByEmail returns a user with their secrets, by email address
// (without regard to case), or ENOTFOUND.
func (tx *Tx) FindCredentialsByEmail(ctx context.Context, email string) (Credentials, error) {
	return tx.findUserWhere(ctx, "email_key = $1", account.EmailKey(email))
}

// UserFilter selects users.
type UserFilter struct {
	OrganisationID string             // "" for every organisation
	Status         account.UserStatus // "" for every status
}

// FindUsers returns the users that match, by name.
func (db *DB) FindUsers(ctx context.Context, f UserFilter) ([]account.User, error) {
	var out []account.User
	err := db.ReadTx(ctx, func(tx *Tx) error {
		roles := map[string][]account.Role{}
		err := eachRow(ctx, tx, "SELECT user_id, role FROM user_roles ORDER BY role", nil, func(r *sql.Rows) error {
			var id, role string
			err := r.Scan(&id, &role)
			roles[id] = append(roles[id], account.Role(role))
			return err
		})
		if err != nil {
			return err
		}
		return eachRow(ctx, tx, `SELECT `+userColumns+` FROM users
			WHERE ($1 = '' OR organisation_id = $1) AND ($2 = '' OR status = $2) ORDER BY LOWER(name), id`,
			[]any{f.OrganisationID, string(f.Status)}, func(r *sql.Rows) error {
				u, err := scanUser(r)
				u.Roles = roles[u.ID]
				out = append(out, u)
				return err
			})
	})
	return out, db.classify(err)
}

// SetUserRoles replaces a user's roles, after checking they fit the
// organisation's kind.
func (tx *Tx) SetUserRoles(ctx context.Context, userID string, roles []account.Role) error {
	u, err := tx.FindUserByID(ctx, userID)
	if err != nil {
		return err
	}
	org, err := tx.FindAccountOrganisationByID(ctx, u.OrganisationID)
	if err != nil {
		return err
	}
	roles = slices.Clone(roles)
	slices.Sort(roles)
	roles = slices.Compact(roles)
	if err := account.ValidateRoles(roles, org.Kind); err != nil {
		return err
	}
	if err := tx.replaceRoles(ctx, userID, roles); err != nil {
		return err
	}
	return tx.touchUser(ctx, userID)
}

func (tx *Tx) touchUser(ctx context.Context, userID string) error {
	_, err := tx.ExecContext(ctx, "UPDATE users SET updated_at = $2 WHERE id = $1", userID, tx.Now)
	return err
}

// DeactivateUser deactivates a user: they cannot sign in, every session and
// API token they have ends at once (SessionsValidAfter moves to now), and
// every link sent to them is revoked.
func (tx *Tx) DeactivateUser(ctx context.Context, userID string) error {
	res, err := tx.ExecContext(ctx, `UPDATE users SET status = 'deactivated', deactivated_at = $2, sessions_valid_after = $2, updated_at = $2
		WHERE id = $1 AND status <> 'deactivated'`, userID, tx.Now)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := tx.FindUserByID(ctx, userID); err != nil {
			return err
		}
		return learnwell.Errorf(learnwell.ECONFLICT, "This user is already deactivated.")
	}
	if _, err := tx.EndUserSessions(ctx, userID); err != nil {
		return err
	}
	return tx.RevokeLinksFor(ctx, userID)
}

// ReactivateUser lets a deactivated user sign in again: active if they have
// a password, invited (waiting for a new invitation) if not. Their old
// sessions and tokens stay ended.
func (tx *Tx) ReactivateUser(ctx context.Context, userID string) error {
	res, err := tx.ExecContext(ctx, `UPDATE users SET status = CASE WHEN password_hash = '' THEN 'invited' ELSE 'active' END,
		deactivated_at = NULL, updated_at = $2 WHERE id = $1 AND status = 'deactivated'`, userID, tx.Now)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := tx.FindUserByID(ctx, userID); err != nil {
			return err
		}
		return learnwell.Errorf(learnwell.ECONFLICT, "This user is not deactivated.")
	}
	return nil
}

// EndSessions ends every session and API token of the user issued up to now
// (sign out everywhere).
func (tx *Tx) EndSessions(ctx context.Context, userID string) error {
	res, err := tx.ExecContext(ctx, "UPDATE users SET sessions_valid_after = $2, updated_at = $2 WHERE id = $1", userID, tx.Now)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return learnwell.Errorf(learnwell.ENOTFOUND, errNoSuchUser)
	}
	_, err = tx.EndUserSessions(ctx, userID) // and revoke the session rows (sessions.go)
	return err
}

// SetPassword keeps a new password hash and makes an invited user active.
// With endSessions, every session and token issued before now ends.
func (tx *Tx) SetPassword(ctx context.Context, userID, hash string, endSessions bool) error {
	q := `UPDATE users SET password_hash = $2, password_changed_at = $3, updated_at = $3,
		status = CASE WHEN status = 'invited' THEN 'active' ELSE status END`
	if endSessions {
		q += ", sessions_valid_after = $3"
	}
	res, err := tx.ExecContext(ctx, q+" WHERE id = $1", userID, hash, tx.Now)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return learnwell.Errorf(learnwell.ENOTFOUND, errNoSuchUser)
	}
	if endSessions {
		_, err = tx.EndUserSessions(ctx, userID)
	}
	return err
}

// ReplacePasswordHash keeps a new hash of the same password (made with the
// current costs), without ending sessions or changing the password's date.
func (tx *Tx) ReplacePasswordHash(ctx context.Context, userID, hash string) error {
	_, err := tx.ExecContext(ctx, "UPDATE users SET password_hash = $2 WHERE id = $1", userID, hash)
	return err
}

// RecordSignIn notes the time of a successful sign-in.
func (tx *Tx) RecordSignIn(ctx context.Context, userID string) error {
	_, err := tx.ExecContext(ctx, "UPDATE users SET last_sign_in_at = $2 WHERE id = $1", userID, tx.Now)
	return err
}
