package account

import (
	"slices"
	"strings"
	"testing"

	"learnwell"
)

func TestOrganisationValidate(t *testing.T) {
	dirID := learnwell.NewID()
	good := func() Organisation {
		return Organisation{Name: " Islington  Link Workers ", Kind: SocialPrescribingService, Boroughs: []string{"e09000019", "E09000007", "E09000019"}, ODSCode: " u12345 "}
	}
	o := good()
	o.Normalise()
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
	if o.Name != "Islington Link Workers" || o.ODSCode != "U12345" || !slices.Equal(o.Boroughs, []string{"E09000007", "E09000019"}) {
		t.Fatalf("normalised = %+v", o)
	}
	tests := []struct {
		name   string
		change func(*Organisation)
		field  string
		msg    string
	}{
		{"no name", func(o *Organisation) { o.Name = "" }, "name", "Enter the organisation's name"},
		{"long name", func(o *Organisation) { o.Name = strings.Repeat("x", 201) }, "name", "Organisation name must be 200 characters or fewer"},
		{"no kind", func(o *Organisation) { o.Kind = "" }, "kind", "Select the kind of organisation"},
		{"unknown kind", func(o *Organisation) { o.Kind = "hospital" }, "kind", "Select the kind of organisation"},
		{"no boroughs", func(o *Organisation) { o.Boroughs = nil }, "boroughs", "Select the boroughs the organisation serves"},
		{"borough outside London", func(o *Organisation) { o.Boroughs = []string{"E08000003"} }, "boroughs", "Select boroughs from the list"},
		{"ODS code too short", func(o *Organisation) { o.ODSCode = "AB" }, "ods_code", msgOrgODS},
		{"ODS code too long", func(o *Organisation) { o.ODSCode = "ABCDEFG" }, "ods_code", msgOrgODS},
		{"ODS code with a space", func(o *Organisation) { o.ODSCode = "Y02 345" }, "ods_code", msgOrgODS},
		{"provider without its directory entry", func(o *Organisation) { o.Kind = LearningProvider }, "directory_organisation_id", msgOrgDirectory},
		{"directory entry for a non-provider", func(o *Organisation) { o.DirectoryOrganisationID = dirID }, "directory_organisation_id", msgOrgDirectoryNo},
	}
	for _, tt := range tests {
		o := good()
		tt.change(&o)
		o.Normalise()
		err := o.Validate()
		if got := FieldMessage(err, tt.field); got != tt.msg {
			t.Errorf("%s: %s = %q, want %q (%v)", tt.name, tt.field, got, tt.msg, err)
		}
	}
	ok := []Organisation{
		{Name: "Greater London Authority", Kind: Commissioner, AllLondon: true, Boroughs: []string{"E09000001"}},
		{Name: "learnwell operations", Kind: PlatformOperator},
		{Name: "City Lit", Kind: LearningProvider, Boroughs: []string{"E09000007"}, DirectoryOrganisationID: dirID},
		{Name: "North Central London ICB", Kind: Commissioner, Boroughs: []string{"E09000007"}, ODSCode: "93C"},
		{Name: "A trust", Kind: Commissioner, Boroughs: []string{"E09000007"}, ODSCode: "RRV"},
	}
	for _, o := range ok {
		o.Normalise()
		if err := o.Validate(); err != nil {
			t.Errorf("%s: %v", o.Name, err)
		}
		if o.AllLondon && o.Boroughs != nil {
			t.Errorf("%s: an all-London organisation keeps a list of boroughs", o.Name)
		}
	}
}

func TestOrganisationServes(t *testing.T) {
	o := Organisation{Boroughs: []string{"E09000007", "E09000019"}}
	if !o.Serves("E09000007") || o.Serves("E09000012") {
		t.Error("Serves")
	}
	if !o.ServesAll([]string{"E09000019"}) || o.ServesAll([]string{"E09000019", "E09000012"}) || o.ServesAll(nil) {
		t.Error("ServesAll")
	}
	all := Organisation{AllLondon: true}
	if !all.Serves("E09000012") || !all.ServesAll(nil) {
		t.Error("an all-London organisation does not serve everywhere")
	}
}

func TestRolesFitKinds(t *testing.T) {
	want := map[OrgKind][]Role{
		SocialPrescribingService: {LinkWorker, OrgAdmin},
		LearningProvider:         {ProviderCoordinator, OrgAdmin},
		Commissioner:             {CommissionerAnalyst, OrgAdmin},
		PlatformOperator:         {OrgAdmin, PlatformAdmin},
	}
	for _, k := range OrgKinds() {
		if got := RolesFor(k); !slices.Equal(got, want[k]) {
			t.Errorf("RolesFor(%s) = %v, want %v", k, got, want[k])
		}
	}
	if Role("superuser").FitsKind(PlatformOperator) || OrgAdmin.FitsKind("hospital") {
		t.Error("an unknown role or kind fits")
	}
	for _, r := range Roles() {
		if !RequiresSecondFactor([]Role{r}) {
			t.Errorf("%s does not need a second factor", r)
		}
	}
}

func TestUserValidate(t *testing.T) {
	orgID := learnwell.NewID()
	good := func() User {
		return User{Email: " Sam.Jones@Example.com ", Name: " Sam   Jones ", OrganisationID: orgID, Roles: []Role{OrgAdmin, LinkWorker, LinkWorker}}
	}
	u := good()
	u.Normalise()
	if err := u.Validate(SocialPrescribingService); err != nil {
		t.Fatal(err)
	}
	if u.Email != "Sam.Jones@Example.com" || u.Name != "Sam Jones" || !slices.Equal(u.Roles, []Role{LinkWorker, OrgAdmin}) {
		t.Fatalf("normalised = %+v", u)
	}
	if EmailKey(u.Email) != "sam.jones@example.com" {
		t.Errorf("EmailKey = %q", EmailKey(u.Email))
	}
	tests := []struct {
		name   string
		change func(*User)
		kind   OrgKind
		field  string
		msg    string
	}{
		{"no email", func(u *User) { u.Email = "" }, SocialPrescribingService, "email", "Enter an email address"},
		{"bad email", func(u *User) { u.Email = "sam@" }, SocialPrescribingService, "email", "Enter an email address in the correct format, like name@example.com"},
		{"no name", func(u *User) { u.Name = " " }, SocialPrescribingService, "name", "Enter the person's full name"},
		{"no roles", func(u *User) { u.Roles = nil }, SocialPrescribingService, "roles", "Select at least one role"},
		{"unknown role", func(u *User) { u.Roles = []Role{"superuser"} }, SocialPrescribingService, "roles", "Select roles from the list"},
		{"link worker at a provider", func(u *User) {}, LearningProvider, "roles", "Select roles that this kind of organisation can give"},
		{"platform admin at a commissioner", func(u *User) { u.Roles = []Role{PlatformAdmin} }, Commissioner, "roles", "Select roles that this kind of organisation can give"},
		{"no organisation", func(u *User) { u.OrganisationID = "" }, SocialPrescribingService, "organisation_id", "Select the person's organisation"},
	}
	for _, tt := range tests {
		u := good()
		tt.change(&u)
		u.Normalise()
		if got := FieldMessage(u.Validate(tt.kind), tt.field); got != tt.msg {
			t.Errorf("%s: %s = %q, want %q", tt.name, tt.field, got, tt.msg)
		}
	}
	if got := ParseRoles(" link-worker, org-admin ,"); !slices.Equal(got, []Role{LinkWorker, OrgAdmin}) {
		t.Errorf("ParseRoles = %v", got)
	}
}
