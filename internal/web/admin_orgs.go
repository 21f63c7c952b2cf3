package web

import (
	"cmp"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/directory"
	"learnwell/internal/geo"
	"learnwell/internal/store"
)

// Organisations: platform admins add and change them; everyone can see
// their own.

// orgsPage is the data of the organisations list.
type orgsPage struct {
	Organisations []orgRow
	CanCreate     bool
}

type orgRow struct {
	account.Organisation
	Kind     string
	Boroughs string
}

func boroughNames(o account.Organisation) string {
	if o.AllLondon {
		return "All of London"
	}
	var names []string
	for _, code := range o.Boroughs {
		if b, ok := geo.BoroughByCode(code); ok {
			names = append(names, b.Name)
		}
	}
	if len(names) == 0 {
		return notRecorded
	}
	return strings.Join(names, ", ")
}

func (s *Server) organisationsList(w http.ResponseWriter, r *http.Request) error {
	orgs, err := s.accounts.Organisations(r.Context(), actorOf(r), store.AccountOrganisationFilter{})
	if err != nil {
		return err
	}
	page := orgsPage{CanCreate: can(r, account.ManageOrganisations, account.OrganisationOf(""))}
	for _, o := range orgs {
		page.Organisations = append(page.Organisations, orgRow{Organisation: o, Kind: o.Kind.Label(), Boroughs: boroughNames(o)})
	}
	s.render(w, r, http.StatusOK, "admin/organisations", "Organisations", page)
	return nil
}

// notRecorded stands for an empty value on the organisation pages.
const notRecorded = "Not recorded"

// orgPage is the data of an organisation's page.
type orgPage struct {
	Organisation account.Organisation
	Kind         string
	Boroughs     string
	ODSCode      string
	// Directory is, for a learning provider, its organisation in the
	// directory by name, linked to its courses in the finder.
	Directory   template.HTML
	CanEdit     bool
	CanSeeUsers bool
}

func (s *Server) organisationPage(w http.ResponseWriter, r *http.Request) error {
	o, err := s.accounts.Organisation(r.Context(), actorOf(r), r.PathValue("org"))
	if err != nil {
		return err
	}
	page := orgPage{Organisation: o, Kind: o.Kind.Label(), Boroughs: boroughNames(o), ODSCode: cmp.Or(o.ODSCode, notRecorded),
		CanEdit: can(r, account.ManageOrganisations, account.OrganisationOf(o.ID)), CanSeeUsers: can(r, account.ViewUsers, account.UsersOf(o.ID))}
	if o.Kind == account.LearningProvider {
		if page.Directory, err = s.directoryLink(r.Context(), o.DirectoryOrganisationID); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "admin/organisation", o.Name, page)
	return nil
}

// directoryLink is the directory organisation's name linked to its courses:
// the finder has no filter by provider, so the link searches for the
// provider's name, which the finder's words match in the provider field.
func (s *Server) directoryLink(ctx context.Context, id string) (template.HTML, error) {
	if id == "" {
		return notRecorded, nil
	}
	d, err := s.db.FindDirectoryOrganisationName(ctx, id)
	if learnwell.ErrorCode(err) == learnwell.ENOTFOUND {
		return notRecorded, nil
	} else if err != nil {
		return "", err
	}
	href := "/courses?" + url.Values{"q": {d.Name}}.Encode()
	return template.HTML(fmt.Sprintf(`<a href="%s">%s<span class="nhsuk-u-visually-hidden">: its courses</span></a>`,
		template.HTMLEscapeString(href), template.HTMLEscapeString(d.Name))), nil
}

// orgFormPage is the data of the form that adds or changes an organisation.
type orgFormPage struct {
	Org       account.Organisation
	New       bool
	Action    string
	Kinds     []option
	Boroughs  []option
	AllLondon bool
	// Directory is the name of the directory organisation, as typed or as
	// linked; DirectoryNames are every one's, for the field's suggestions.
	Directory      string
	DirectoryNames []string
}

// fieldDirectory is the form field where an admin names the learning
// provider's organisation in the directory.
const fieldDirectory = "directory_organisation"

// orgForm is the form's data. directory is the name typed; for a form not yet
// sent, pass "" and it is the linked organisation's.
func (s *Server) orgForm(ctx context.Context, o account.Organisation, isNew bool, directory string, sent bool) (orgFormPage, error) {
	page := orgFormPage{Org: o, New: isNew, AllLondon: o.AllLondon, Action: "/organisations/" + o.ID + "/edit", Directory: directory}
	if isNew {
		page.Action = "/organisations"
	}
	for _, k := range account.OrgKinds() {
		page.Kinds = append(page.Kinds, option{Value: string(k), Text: k.Label(), Checked: o.Kind == k})
	}
	page.Boroughs = boroughChoices(o.Boroughs)
	if !isNew && o.Kind != account.LearningProvider {
		return page, nil // only a learning provider's form has the field
	}
	if !sent && o.DirectoryOrganisationID != "" {
		d, err := s.db.FindDirectoryOrganisationName(ctx, o.DirectoryOrganisationID)
		if err != nil && learnwell.ErrorCode(err) != learnwell.ENOTFOUND {
			return page, err
		}
		page.Directory = d.Name
	}
	names, err := s.db.FindDirectoryOrganisationNames(ctx)
	for i, d := range names {
		if i == 0 || d.Name != names[i-1].Name {
			page.DirectoryNames = append(page.DirectoryNames, d.Name)
		}
	}
	return page, err
}

// directoryNamed finds the directory organisation the admin named: its id,
// or a message for the field when none or several have that name.
func (s *Server) directoryNamed(ctx context.Context, name string) (id, problem string, err error) {
	name = strings.Join(strings.Fields(name), " ")
	if name == "" {
		return "", "", nil
	}
	found, err := s.db.FindDirectoryOrganisationsNamed(ctx, name)
	switch {
	case err != nil:
		return "", "", err
	case len(found) == 0:
		return "", fmt.Sprintf("There is no organisation called %s in the directory. Enter its name as the directory has it, or choose one from the suggestions", name), nil
	case len(found) > 1:
		return "", fmt.Sprintf("There are %d organisations called %s in the directory. Give them different names in the directory's data, then try again", len(found), name), nil
	}
	return found[0].ID, "", nil
}

// orgFormError puts the messages about the directory organisation's id on
// the field where its name is typed, or instead problem (directoryNamed's):
// last, as that field is the form's last.
func orgFormError(err error, problem string) error {
	var v learnwell.Validation
	for _, f := range learnwell.ErrorFields(err) {
		if f.Field == "directory_organisation_id" {
			if problem != "" {
				continue
			}
			f.Field = fieldDirectory
		}
		v.Add(f.Field, f.Message)
	}
	if problem != "" {
		v.Add(fieldDirectory, problem)
	}
	if len(v.Fields()) == 0 {
		return err
	}
	return v.Err()
}

// saveOrganisation reads the form into o and saves it with save (create or
// update). It returns the name typed for the directory organisation and the
// error to show on the form, if any.
func (s *Server) saveOrganisation(r *http.Request, o *account.Organisation, save func(context.Context, account.Actor, *account.Organisation) error) (string, error) {
	*o = orgFromForm(r, *o)
	typed := r.PostForm.Get(fieldDirectory)
	id, problem, err := s.directoryNamed(r.Context(), typed)
	if err != nil {
		return typed, err
	}
	o.DirectoryOrganisationID = id
	if problem != "" {
		// Say what else is wrong too, without saving.
		check := *o
		check.Boroughs = slices.Clone(o.Boroughs)
		check.Normalise()
		return typed, orgFormError(check.Validate(), problem)
	}
	return typed, orgFormError(save(r.Context(), actorOf(r), o), "")
}

// boroughOptions are London's boroughs as checkboxes, by name.
func boroughChoices(chosen []string) []option {
	var out []option
	for _, b := range geo.Boroughs() {
		out = append(out, option{Value: b.Code, Text: b.Name, Checked: slices.Contains(chosen, b.Code)})
	}
	return out
}

// orgFromForm reads an organisation from the form.
func orgFromForm(r *http.Request, o account.Organisation) account.Organisation {
	o.Name = r.PostForm.Get("name")
	if k := r.PostForm.Get("kind"); k != "" || o.ID == "" {
		o.Kind = account.OrgKind(k)
	}
	o.AllLondon = r.PostForm.Get("all_london") == "yes"
	o.Boroughs = values(r, "boroughs")
	o.ODSCode = r.PostForm.Get("ods_code")
	return o
}

func (s *Server) organisationNewForm(w http.ResponseWriter, r *http.Request) error {
	page, err := s.orgForm(r.Context(), account.Organisation{}, true, "", false)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "admin/organisation-form", "Add an organisation", page)
	return nil
}

func (s *Server) organisationCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	var o account.Organisation
	if typed, err := s.saveOrganisation(r, &o, s.accounts.CreateOrganisation); err != nil {
		page, perr := s.orgForm(r.Context(), o, true, typed, true)
		if perr != nil {
			return perr
		}
		return s.showForm(w, r, "admin/organisation-form", "Add an organisation", page, err)
	}
	s.flash(r.Context(), o.Name+" has been added. Invite its first admin from its users page.")
	return seeOther(w, r, "/organisations/"+o.ID)
}

func (s *Server) organisationEditForm(w http.ResponseWriter, r *http.Request) error {
	o, err := s.accounts.Organisation(r.Context(), actorOf(r), r.PathValue("org"))
	if err != nil {
		return err
	}
	page, err := s.orgForm(r.Context(), o, false, "", false)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "admin/organisation-form", "Change "+o.Name, page)
	return nil
}

func (s *Server) organisationUpdate(w http.ResponseWriter, r *http.Request) error {
	old, err := s.accounts.Organisation(r.Context(), actorOf(r), r.PathValue("org"))
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	o := old
	update := func(ctx context.Context, a account.Actor, o *account.Organisation) error {
		o.Kind = old.Kind // an organisation's kind never changes
		return s.accounts.UpdateOrganisation(ctx, a, o)
	}
	if typed, err := s.saveOrganisation(r, &o, update); err != nil {
		page, perr := s.orgForm(r.Context(), o, false, typed, true)
		if perr != nil {
			return perr
		}
		return s.showForm(w, r, "admin/organisation-form", "Change "+old.Name, page, err)
	}
	s.flash(r.Context(), o.Name+" has been changed.")
	return seeOther(w, r, "/organisations/"+o.ID)
}

// spokenTime writes an instant as a London date and time, like
// "24 November 2026 at 9:05am".
func spokenTime(t time.Time) string {
	return directory.DateOf(t).Spoken() + " at " + strings.ToLower(t.In(learnwell.London).Format("3:04pm"))
}
