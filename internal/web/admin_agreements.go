package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/directory"
	"learnwell/internal/store"
)

// Data sharing agreements: platform admins draft, change, activate and end
// them; organisation admins see those their organisation is party to or
// covered by.

// agreementsPage is the data of the agreements list.
type agreementsPage struct {
	Agreements []agreementRow
	CanCreate  bool
}

type agreementRow struct {
	account.Agreement
	Parties string
	Dates   string
	Status  string
	Colour  string
}

// statusTag is how an agreement's status is shown.
func statusTag(st account.AgreementStatus) (text, colour string) {
	switch st {
	case account.InForce:
		return "Active", "green"
	case account.Ended:
		return "Ended", "grey"
	}
	return "Draft", "yellow"
}

func agreementDates(ag account.Agreement) string {
	if ag.EndsOn.IsZero() {
		return "From " + ag.StartsOn.Spoken() + ", with no end date"
	}
	return ag.StartsOn.Spoken() + " to " + ag.EndsOn.Spoken()
}

// orgNames returns the names of organisations by id.
func (s *Server) orgNames(r *http.Request) (map[string]string, []account.Organisation, error) {
	all, err := s.db.FindAccountOrganisations(r.Context(), store.AccountOrganisationFilter{})
	names := map[string]string{}
	for _, o := range all {
		names[o.ID] = o.Name
	}
	return names, all, err
}

func (s *Server) agreementRow(ag account.Agreement, names map[string]string) agreementRow {
	row := agreementRow{Agreement: ag, Dates: agreementDates(ag)}
	row.Status, row.Colour = statusTag(ag.Status)
	var parties []string
	for _, p := range ag.Parties {
		parties = append(parties, names[p])
	}
	if ag.AreaWide {
		parties = append(parties, "every organisation serving "+boroughNames(account.Organisation{Boroughs: ag.Boroughs}))
	}
	row.Parties = strings.Join(parties, "; ")
	return row
}

func (s *Server) agreementsList(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	f := store.AgreementFilter{}
	if !can(r, account.ViewAgreements, account.AgreementOf()) { // not a platform admin: their own
		f.OrganisationID = a.OrgID
	}
	list, err := s.accounts.Agreements(r.Context(), a, f)
	if err != nil {
		return err
	}
	names, _, err := s.orgNames(r)
	if err != nil {
		return err
	}
	page := agreementsPage{CanCreate: can(r, account.ManageAgreements, account.AgreementOf())}
	for _, ag := range list {
		page.Agreements = append(page.Agreements, s.agreementRow(ag, names))
	}
	s.render(w, r, http.StatusOK, "admin/agreements", "Data sharing agreements", page)
	return nil
}

// agreementPageData is the data of an agreement's page.
type agreementPageData struct {
	agreementRow
	Categories  []string
	CanManage   bool
	CanEdit     bool
	CanActivate bool
	CanEnd      bool
}

func (s *Server) agreementPage(w http.ResponseWriter, r *http.Request) error {
	ag, err := s.accounts.Agreement(r.Context(), actorOf(r), r.PathValue("agreement"))
	if err != nil {
		return err
	}
	names, _, err := s.orgNames(r)
	if err != nil {
		return err
	}
	page := agreementPageData{agreementRow: s.agreementRow(ag, names), CanManage: can(r, account.ManageAgreements, account.AgreementOf(ag.Parties...))}
	for _, c := range ag.Categories {
		page.Categories = append(page.Categories, c.Label())
	}
	page.CanEdit = page.CanManage && ag.Status == account.Draft
	page.CanActivate = page.CanManage && ag.CanMoveTo(account.InForce) == nil
	page.CanEnd = page.CanManage && ag.CanMoveTo(account.Ended) == nil
	s.render(w, r, http.StatusOK, "admin/agreement", ag.Title, page)
	return nil
}

// agreementFormPage is the data of the form that drafts or changes an agreement.
type agreementFormPage struct {
	Agreement  account.Agreement
	New        bool
	Action     string
	Parties    []option
	Categories []option
	Boroughs   []option
	Start, End dateFields
}

// dateFields are the boxes of a date input as typed.
type dateFields struct{ Day, Month, Year string }

func fieldsOf(d directory.Date) dateFields {
	if d.IsZero() {
		return dateFields{}
	}
	return dateFields{Day: strconv.Itoa(d.Day), Month: strconv.Itoa(int(d.Month)), Year: strconv.Itoa(d.Year)}
}

func (s *Server) agreementForm(r *http.Request, ag account.Agreement, isNew bool, start, end dateFields) (agreementFormPage, error) {
	_, all, err := s.orgNames(r)
	if err != nil {
		return agreementFormPage{}, err
	}
	page := agreementFormPage{Agreement: ag, New: isNew, Start: start, End: end, Action: "/agreements/" + ag.ID + "/edit"}
	if isNew {
		page.Action = "/agreements"
	}
	for _, o := range all {
		page.Parties = append(page.Parties, option{Value: o.ID, Text: o.Name + " (" + o.Kind.Label() + ")", Checked: slices.Contains(ag.Parties, o.ID)})
	}
	for _, c := range account.Categories() {
		page.Categories = append(page.Categories, option{Value: string(c), Text: c.Label(), Checked: slices.Contains(ag.Categories, c)})
	}
	page.Boroughs = boroughChoices(ag.Boroughs)
	return page, nil
}

// agreementFromForm reads an agreement from the form, and every problem with it.
func agreementFromForm(r *http.Request, ag account.Agreement) (account.Agreement, dateFields, dateFields, error) {
	ag.Title = r.PostForm.Get("title")
	ag.Purpose = r.PostForm.Get("purpose")
	ag.Parties = values(r, "parties")
	ag.Categories = nil
	for _, c := range values(r, "categories") {
		ag.Categories = append(ag.Categories, account.Category(c))
	}
	ag.AreaWide = r.PostForm.Get("area_wide") == "yes"
	ag.Boroughs = values(r, "boroughs")
	var v learnwell.Validation
	start, sf, ok := dateInput(r.PostForm, "starts_on")
	if !ok {
		v.Add("starts_on", "The start date must be a real date, like 1 8 2026")
	}
	end, ef, ok := dateInput(r.PostForm, "ends_on")
	if !ok {
		v.Add("ends_on", "The end date must be a real date, like 31 7 2027")
	}
	ag.StartsOn, ag.EndsOn = start, end
	check := ag
	if check.Status == "" {
		check.Status = account.Draft
	}
	check.Normalise()
	for _, f := range learnwell.ErrorFields(check.Validate()) {
		v.Add(f.Field, f.Message)
	}
	return ag, sf, ef, v.Err()
}

// dateErrorFields link the error summary to the first box of a date input.
func dateErrorFields(err error) error {
	e, ok := err.(*learnwell.Error)
	if !ok {
		return err
	}
	out := *e
	out.Fields = nil
	for _, f := range e.Fields {
		if f.Field == "starts_on" || f.Field == "ends_on" {
			f.Field += "-day"
		}
		out.Fields = append(out.Fields, f)
	}
	return &out
}

func (s *Server) agreementNewForm(w http.ResponseWriter, r *http.Request) error {
	page, err := s.agreementForm(r, account.Agreement{}, true, dateFields{}, dateFields{})
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "admin/agreement-form", "Draft a data sharing agreement", page)
	return nil
}

func (s *Server) agreementCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ag, sf, ef, err := agreementFromForm(r, account.Agreement{})
	if err == nil {
		err = s.accounts.CreateAgreement(r.Context(), actorOf(r), &ag)
	}
	if err != nil {
		page, perr := s.agreementForm(r, ag, true, sf, ef)
		if perr != nil {
			return perr
		}
		return s.showForm(w, r, "admin/agreement-form", "Draft a data sharing agreement", page, dateErrorFields(err))
	}
	s.flash(r.Context(), "The agreement has been drafted. It covers nothing until it is activated.")
	return seeOther(w, r, "/agreements/"+ag.ID)
}

func (s *Server) agreementEditForm(w http.ResponseWriter, r *http.Request) error {
	ag, err := s.accounts.Agreement(r.Context(), actorOf(r), r.PathValue("agreement"))
	if err != nil {
		return err
	}
	if ag.Status != account.Draft {
		return learnwell.Errorf(learnwell.ECONFLICT, "Only a draft agreement can be changed. End this one and draft a new one.")
	}
	page, err := s.agreementForm(r, ag, false, fieldsOf(ag.StartsOn), fieldsOf(ag.EndsOn))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "admin/agreement-form", "Change the draft agreement", page)
	return nil
}

func (s *Server) agreementUpdate(w http.ResponseWriter, r *http.Request) error {
	old, err := s.accounts.Agreement(r.Context(), actorOf(r), r.PathValue("agreement"))
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	ag, sf, ef, err := agreementFromForm(r, old)
	if err == nil {
		err = s.accounts.UpdateAgreement(r.Context(), actorOf(r), &ag)
	}
	if err != nil {
		page, perr := s.agreementForm(r, ag, false, sf, ef)
		if perr != nil {
			return perr
		}
		return s.showForm(w, r, "admin/agreement-form", "Change the draft agreement", page, dateErrorFields(err))
	}
	s.flash(r.Context(), "The draft agreement has been changed.")
	return seeOther(w, r, "/agreements/"+ag.ID)
}

// agreementStatus activates or ends an agreement.
func (s *Server) agreementStatus(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id := r.PathValue("agreement")
	var err error
	var done string
	switch r.PostForm.Get("status") {
	case string(account.InForce):
		err, done = s.accounts.ActivateAgreement(r.Context(), actorOf(r), id), "The agreement is active: from its start date, it covers sharing between its parties."
	case string(account.Ended):
		err, done = s.accounts.EndAgreement(r.Context(), actorOf(r), id), "The agreement has ended. It no longer covers any sharing."
	default:
		return learnwell.Errorf(learnwell.EINVALID, "Choose whether to activate or end the agreement.")
	}
	if err != nil {
		return err
	}
	s.flash(r.Context(), done)
	return seeOther(w, r, "/agreements/"+id)
}
