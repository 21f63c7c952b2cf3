package web

import (
	"net/http"
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
		return "None"
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

// orgPage is the data of an organisation's page.
type orgPage struct {
	Organisation account.Organisation
	Kind         string
	Boroughs     string
	CanEdit      bool
	CanSeeUsers  bool
}

func (s *Server) organisationPage(w http.ResponseWriter, r *http.Request) error {
	o, err := s.accounts.Organisation(r.Context(), actorOf(r), r.PathValue("org"))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "admin/organisation", o.Name, orgPage{Organisation: o, Kind: o.Kind.Label(), Boroughs: boroughNames(o),
		CanEdit: can(r, account.ManageOrganisations, account.OrganisationOf(o.ID)), CanSeeUsers: can(r, account.ViewUsers, account.UsersOf(o.ID))})
	return nil
}

// orgFormPage is the data of the form that adds or changes an organisation.
type orgFormPage struct {
	Org       account.Organisation
	New       bool
	Action    string
	Kinds     []option
	Boroughs  []option
	AllLondon bool
}

func (s *Server) orgForm(o account.Organisation, isNew bool) orgFormPage {
	page := orgFormPage{Org: o, New: isNew, AllLondon: o.AllLondon, Action: "/organisations/" + o.ID + "/edit"}
	if isNew {
		page.Action = "/organisations"
	}
	for _, k := range account.OrgKinds() {
		page.Kinds = append(page.Kinds, option{Value: string(k), Text: k.Label(), Checked: o.Kind == k})
	}
	page.Boroughs = boroughChoices(o.Boroughs)
	return page
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
	o.DirectoryOrganisationID = r.PostForm.Get("directory_organisation_id")
	return o
}

func (s *Server) organisationNewForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "admin/organisation-form", "Add an organisation", s.orgForm(account.Organisation{}, true))
	return nil
}

func (s *Server) organisationCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	o := orgFromForm(r, account.Organisation{})
	if err := s.accounts.CreateOrganisation(r.Context(), actorOf(r), &o); err != nil {
		return s.showForm(w, r, "admin/organisation-form", "Add an organisation", s.orgForm(o, true), err)
	}
	s.flash(r.Context(), o.Name+" has been added. Invite its first admin from its users page.")
	return seeOther(w, r, "/organisations/"+o.ID)
}

func (s *Server) organisationEditForm(w http.ResponseWriter, r *http.Request) error {
	o, err := s.accounts.Organisation(r.Context(), actorOf(r), r.PathValue("org"))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "admin/organisation-form", "Change "+o.Name, s.orgForm(o, false))
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
	o := orgFromForm(r, old)
	o.Kind = old.Kind // an organisation's kind never changes
	if err := s.accounts.UpdateOrganisation(r.Context(), actorOf(r), &o); err != nil {
		return s.showForm(w, r, "admin/organisation-form", "Change "+old.Name, s.orgForm(o, false), err)
	}
	s.flash(r.Context(), o.Name+" has been changed.")
	return seeOther(w, r, "/organisations/"+o.ID)
}

// spokenTime writes an instant as a London date and time, like
// "24 November 2026 at 9:05am".
func spokenTime(t time.Time) string {
	return directory.DateOf(t).Spoken() + " at " + strings.ToLower(t.In(learnwell.London).Format("3:04pm"))
}
