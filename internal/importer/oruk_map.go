package importer

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"learnwell"
	"learnwell/internal/directory"
	"learnwell/internal/geo"
	"learnwell/internal/store"
)

// orukMapper turns HSDS services into listings: docs/oruk-mapping.md read
// backwards, with the rules of docs/import-oruk.md for what learnwell holds
// differently.
type orukMapper struct {
	system string // the source system: feed base URL or file name
	// site is the web site a learnwell feed belongs to (its base URL
	// without /oruk), whose course pages are not join addresses; "" for a file.
	site           string
	tax            *directory.Taxonomies
	imported       map[string]store.ImportedTaxonomy
	lookup         termLookup // terms and organisations a feed serves apart; nil for a file
	locate         geo.Locator
	today          directory.Date
	defaultSubject string
}

// termLookup finds what a feed serves apart from its services.
type termLookup interface {
	term(ctx context.Context, id string) (*inTerm, error)
	taxonomy(ctx context.Context, id string) (*inTaxonomy, error)
	organization(ctx context.Context, id string) (*inOrganization, error)
}

// mapping is one service being mapped: the listing and its warnings.
type mapping struct {
	m   *orukMapper
	ctx context.Context
	s   inService
	l   listing
	// schemes are the schemes this record has given new taxonomies.
	schemes map[string]bool
}

func (mp *mapping) warn(format string, args ...any) {
	mp.l.warnings = append(mp.l.warnings, fmt.Sprintf(format, args...))
}

func (m *orukMapper) source(id string) directory.Source {
	return directory.Source{System: m.system, ID: id}
}

// service maps one service; an error rejects it, with the reason.
func (m *orukMapper) service(ctx context.Context, s inService, where string) (*listing, error) {
	mp := &mapping{m: m, ctx: ctx, s: s, l: listing{where: where}, schemes: map[string]bool{}}
	id := s.ID.String()
	if id == "" {
		return nil, learnwell.Errorf(learnwell.EINVALID, "The service has no id, so it could not be found again to update it.")
	}
	if s.Name.String() == "" {
		return nil, learnwell.Errorf(learnwell.EINVALID, "The service has no name.")
	}
	if err := mp.organisation(); err != nil {
		return nil, err
	}
	if err := mp.course(); err != nil {
		return nil, err
	}
	return &mp.l, nil
}

// --- organisation

var phoneLine = regexp.MustCompile(`\n\nPhone: ([^\n]+)$`)

func (mp *mapping) organisation() error {
	in := mp.s.Organization
	if in == nil {
		orgID := mp.s.OrganizationID.String()
		if orgID == "" {
			return learnwell.Errorf(learnwell.EINVALID, "The service has no organization, so its provider is not known.")
		}
		if mp.m.lookup == nil {
			return learnwell.Errorf(learnwell.EINVALID, "The service names organization %s but the file does not include it: nest the organization in the service.", orgID)
		}
		var err error
		if in, err = mp.m.lookup.organization(mp.ctx, orgID); err != nil {
			return learnwell.Errorf(learnwell.EINVALID, "Its organization %s could not be read from the feed: %s", orgID, learnwell.ErrorMessage(err))
		}
	}
	id := in.ID.String()
	if id == "" {
		id = mp.s.OrganizationID.String()
	}
	name := in.Name.String()
	if id == "" || name == "" {
		return learnwell.Errorf(learnwell.EINVALID, "Its organization has no id or no name.")
	}
	o := directory.Organisation{ID: id, Name: name, Source: mp.m.source(id)}
	desc := normalSpace(in.Description.String())
	if m := phoneLine.FindStringSubmatchIndex(desc); m != nil && directory.ValidPhone(desc[m[2]:m[3]]) {
		o.Phone = desc[m[2]:m[3]]
		desc = strings.TrimSpace(desc[:m[0]])
	}
	if desc == "" {
		desc = name
		mp.warn("its organization has no description: its name is used")
	}
	o.Description = mp.fit("organisation description", desc, 5000)
	o.Email = mp.email("organisation email", in.Email.String())
	o.Website = mp.url("organisation website", in.Website.String())
	if o.Phone == "" {
		for _, p := range in.Phones {
			if n := cleanPhone(p.Number.String()); directory.ValidPhone(n) {
				o.Phone = n
				break
			}
		}
	}
	for _, a := range in.Attributes {
		if t, ok := mp.builtinTerm(a); ok && t.Scheme == directory.SchemeOrganisationKind {
			o.Kind = directory.OrganisationKind(t.Code)
		}
	}
	if o.Kind == "" {
		o.Kind = guessKind(name)
	}
	o.Boroughs = mp.serviceAreas()
	if n := len(o.Name); n > 200 {
		return learnwell.Errorf(learnwell.EINVALID, "Its organization's name is %d characters long, more than the 200 learnwell allows.", n)
	}
	mp.l.org = o
	return nil
}

var gssCode = regexp.MustCompile(`E09000\d{3}$`)

// serviceAreas returns the London boroughs the service's areas name.
func (mp *mapping) serviceAreas() []string {
	var out []string
	for _, a := range mp.s.ServiceAreas {
		code := ""
		if m := gssCode.FindString(a.URI.String()); m != "" {
			if _, ok := geo.BoroughByCode(m); ok {
				code = m
			}
		}
		if code == "" {
			code = boroughByName(a.ServiceArea.String())
		}
		if code == "" {
			code = boroughByName(a.Name.String())
		}
		if code != "" && !slices.Contains(out, code) {
			out = append(out, code)
		}
	}
	return out
}

// boroughByName returns the GSS code of the London borough with the name
// (ignoring case, and "London Borough of"), or "".
func boroughByName(name string) string {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, prefix := range []string{"london borough of ", "royal borough of "} {
		n = strings.TrimPrefix(n, prefix)
	}
	if n == "" {
		return ""
	}
	for _, b := range geo.Boroughs() {
		if strings.ToLower(b.Name) == n {
			return b.Code
		}
	}
	return ""
}

// --- course

func (mp *mapping) course() error {
	s := mp.s
	id := s.ID.String()
	c := directory.Course{ID: id, OrganisationID: mp.l.org.ID, Status: directory.CourseActive, Source: mp.m.source(id)}
	title := normalSpace(s.Name.String())
	c.Title = mp.fit("name", title, 120)
	switch st := strings.ToLower(s.Status.String()); st {
	case "active", "":
	case "inactive", "defunct", "temporarily closed":
		c.Status = directory.CourseInactive
	default:
		mp.warn("its status %q is not an HSDS status: it is listed as active", st)
	}
	mp.describe(&c)
	mp.ages(&c)
	if d, ok := parseFeedDate(s.AssuredDate.String()); ok {
		c.LastChecked = d
	}
	mp.terms(&c)
	mp.costs(&c)
	mp.funding(&c)
	if err := mp.joining(&c); err != nil {
		return err
	}
	mp.languages(&c)
	if len(c.Subjects) == 0 {
		var names []string
		for _, id := range c.OtherTerms {
			if t, ok := mp.termByID(id); ok {
				names = append(names, t.Name)
			}
		}
		if sub := guessSubject(append([]string{c.Title, c.Summary, c.Description}, names...)...); sub != "" {
			c.Subjects = []string{sub}
			t, _ := mp.m.tax.TermByID(sub)
			mp.warn("it has none of learnwell's subjects: %q was chosen from its words", t.Name)
		} else if mp.m.defaultSubject != "" {
			c.Subjects = []string{directory.TermID(directory.SchemeSubject, mp.m.defaultSubject)}
			mp.warn("it has none of learnwell's subjects: the default subject %q was given", mp.m.defaultSubject)
		} else {
			return learnwell.Errorf(learnwell.EINVALID, "It has none of learnwell's subjects, and no rule found one in its words: give a default with --subject.")
		}
	}
	mp.l.course = c
	mp.runs()
	return nil
}

// describe reads the service's description as the feed's mapping writes it
// (docs/oruk-mapping.md): the summary, the description, "Who it suits: ",
// then "How to join: " with the join address and the contacts.
func (mp *mapping) describe(c *directory.Course) {
	s := mp.s
	d := parseDescription(normalSpace(s.Description.String()))
	for _, extra := range []struct{ label, text string }{
		{"Fees", s.FeesDescription.String()}, {"Interpretation", s.InterpretationServices.String()},
		{"Accreditations", s.Accreditations.String()}, {"Waiting time", s.WaitTime.String()}, {"Please note", s.Alert.String()},
	} {
		if extra.text != "" {
			d.description = strings.TrimSpace(d.description + "\n\n" + extra.label + ": " + normalSpace(extra.text))
		}
	}
	if d.summary == "" {
		d.summary = c.Title
		mp.warn("it has no description: its name is used as the summary")
	}
	if len([]rune(d.summary)) > 300 {
		full := d.summary
		if d.description != "" {
			full += "\n\n" + d.description
		}
		d.summary = firstSentences(d.summary, 300)
		d.description = full
	}
	c.Summary = d.summary
	c.Description = mp.fit("description", d.description, 10000)
	who := d.who
	if who == "" {
		who = normalSpace(s.EligibilityDescription.String())
	}
	c.Eligibility = mp.fit("eligibility", who, 1000)
	how := d.how
	if how == "" {
		how = normalSpace(s.ApplicationProcess.String())
	}
	c.HowToJoin = mp.fit("how to join", how, 2000)
	c.JoinURL = d.joinURL
	mp.contacts(c, d.contacts)
}

// fit clips a text to the length learnwell allows, with a warning.
func (mp *mapping) fit(what, s string, max int) string {
	out, clipped := clip(s, max)
	if clipped {
		mp.warn("its %s is longer than the %d characters learnwell keeps: it was shortened", what, max)
	}
	return out
}

type description struct {
	summary, description, who, how, joinURL string
	contacts                                []directory.Contact
}

// parseDescription splits a service description into the parts learnwell's
// feed writes into it. A description from elsewhere is mostly summary and
// description.
func parseDescription(text string) description {
	var d description
	var paras []string
	for p := range strings.SplitSeq(text, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			paras = append(paras, p)
		}
	}
	if len(paras) == 0 {
		return d
	}
	if n := len(paras); n > 1 && (strings.HasPrefix(paras[n-1], "How to join: ") || isJoinBlock(paras[n-1])) {
		d.how, d.joinURL, d.contacts = parseJoinBlock(paras[n-1])
		paras = paras[:n-1]
	}
	if n := len(paras); n > 1 && strings.HasPrefix(paras[n-1], "Who it suits: ") {
		d.who = strings.TrimPrefix(paras[n-1], "Who it suits: ")
		paras = paras[:n-1]
	}
	d.summary = paras[0]
	d.description = strings.Join(paras[1:], "\n\n")
	return d
}

// isJoinBlock reports whether every line of a paragraph is a web address or
// a contact ("Name, email, phone").
func isJoinBlock(p string) bool {
	for line := range strings.SplitSeq(p, "\n") {
		if _, ok := contactLine(line); !ok && !directory.ValidURL(strings.TrimSpace(line)) {
			return false
		}
	}
	return true
}

func parseJoinBlock(p string) (how, joinURL string, contacts []directory.Contact) {
	lines := strings.Split(p, "\n")
	i := 0
	if rest, ok := strings.CutPrefix(lines[0], "How to join: "); ok {
		how = rest
		for i = 1; i < len(lines); i++ {
			if _, ok := contactLine(lines[i]); ok || directory.ValidURL(strings.TrimSpace(lines[i])) {
				break
			}
			how += "\n" + lines[i]
		}
	}
	if i < len(lines) && directory.ValidURL(strings.TrimSpace(lines[i])) {
		joinURL = strings.TrimSpace(lines[i])
		i++
	}
	for ; i < len(lines); i++ {
		if c, ok := contactLine(lines[i]); ok {
			contacts = append(contacts, c)
		} else if how != "" {
			how += "\n" + lines[i]
		} else {
			how = lines[i]
		}
	}
	return how, joinURL, contacts
}

// contactLine reads "Name, email, phone" (any of them, in that order).
func contactLine(line string) (directory.Contact, bool) {
	var c directory.Contact
	var name []string
	for part := range strings.SplitSeq(line, ", ") {
		part = strings.TrimSpace(part)
		switch {
		case c.Email == "" && directory.ValidEmail(part):
			c.Email = part
		case c.Phone == "" && directory.ValidPhone(part):
			c.Phone = part
		case c.Email == "" && c.Phone == "":
			name = append(name, part)
		default:
			return directory.Contact{}, false
		}
	}
	c.Name = strings.Join(name, ", ")
	return c, c.Email != "" || c.Phone != ""
}

func cleanPhone(s string) string { return strings.Trim(strings.TrimSpace(s), `"'`) }

// contacts merges the contacts in the description with the service's
// contacts (ORUK: id and name; HSDS: with email and phones) and its email.
func (mp *mapping) contacts(c *directory.Course, fromText []directory.Contact) {
	in := mp.s.Contacts
	used := make([]bool, len(in))
	for i, ct := range fromText {
		ct.ID = ""
		for j, ic := range in {
			if !used[j] && ct.Name != "" && ic.Name.String() == ct.Name {
				used[j] = true
				ct.ID = ic.ID.String()
				break
			}
		}
		if !learnwell.ValidID(ct.ID) {
			ct.ID = learnwell.DerivedID("import", "contact", mp.m.system, mp.s.ID.String(), strconv.Itoa(i), ct.ID)
		}
		c.Contacts = append(c.Contacts, ct)
	}
	for j, ic := range in {
		if used[j] {
			continue
		}
		ct := directory.Contact{ID: ic.ID.String(), Name: mp.fit("contact name", ic.Name.String(), 200)}
		if !learnwell.ValidID(ct.ID) {
			ct.ID = learnwell.DerivedID("import", "contact", mp.m.system, mp.s.ID.String(), "contact", ic.ID.String(), strconv.Itoa(j))
		}
		ct.Email = mp.email("contact email", ic.Email.String())
		for _, p := range ic.Phones {
			if n := cleanPhone(p.Number.String()); directory.ValidPhone(n) {
				ct.Phone = n
				break
			}
		}
		if ct.Email == "" && ct.Phone == "" {
			mp.warn("its contact %q has no email address or phone number learnwell can use: left out", ct.Name)
			continue
		}
		c.Contacts = append(c.Contacts, ct)
	}
	for _, p := range mp.s.Phones {
		n := cleanPhone(p.Number.String())
		if directory.ValidPhone(n) && !slices.ContainsFunc(c.Contacts, func(x directory.Contact) bool { return x.Phone == n }) {
			c.Contacts = append(c.Contacts, directory.Contact{ID: learnwell.DerivedID("import", "contact", mp.m.system, mp.s.ID.String(), "phone", n), Phone: n})
		}
	}
	email := mp.email("email", mp.s.Email.String())
	if email != "" && email != mp.l.org.Email && !slices.ContainsFunc(c.Contacts, func(x directory.Contact) bool { return x.Email == email }) {
		c.Contacts = append(c.Contacts, directory.Contact{ID: learnwell.DerivedID("import", "contact", mp.m.system, mp.s.ID.String(), "email"), Email: email})
	}
}

func (mp *mapping) email(what, s string) string {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "mailto:"))
	if s == "" || directory.ValidEmail(s) {
		return s
	}
	mp.warn("its %s is not an email address learnwell can use: left out", what)
	return ""
}

func (mp *mapping) url(what, s string) string {
	s = strings.TrimSpace(s)
	if s == "" || directory.ValidURL(s) {
		return s
	}
	mp.warn("its %s %q is not a web address learnwell can use: left out", what, clipQuote(s))
	return ""
}

func clipQuote(s string) string { out, _ := clip(s, 60); return out }

// joining makes sure a person can find out how to join: the service's url
// (unless it is a learnwell course page, which a learnwell feed always
// gives), else the provider's website, email or phone.
func (mp *mapping) joining(c *directory.Course) error {
	if c.JoinURL == "" {
		if u := mp.url("url", mp.s.URL.String()); u != "" && !mp.isCoursePage(u) {
			c.JoinURL = u
		}
	}
	if c.HowToJoin != "" || c.JoinURL != "" || len(c.Contacts) > 0 {
		return nil
	}
	o := mp.l.org
	switch {
	case o.Website != "":
		c.JoinURL = o.Website
	case o.Email != "" || o.Phone != "":
		c.Contacts = []directory.Contact{{ID: learnwell.DerivedID("import", "contact", mp.m.system, mp.s.ID.String(), "organisation"), Email: o.Email, Phone: o.Phone}}
	default:
		return learnwell.Errorf(learnwell.EINVALID, "It gives no way to join: no application process, web address, email or phone number.")
	}
	mp.warn("it says nothing about how to join: its organization's contact details are given")
	return nil
}

// isCoursePage reports whether u is the public page learnwell's feed gives
// as a course's url.
func (mp *mapping) isCoursePage(u string) bool {
	if mp.m.site == "" {
		return false
	}
	return u == mp.m.site+"/courses/"+mp.s.ID.String()
}

func (mp *mapping) ages(c *directory.Course) {
	age := func(n *number, what string) int {
		if n == nil || n.v == 0 {
			return 0
		}
		if n.v != math.Trunc(n.v) || n.v < 0 || n.v > directory.MaximumAge {
			mp.warn("its %s %v is not an age learnwell can use: left out", what, n.v)
			return 0
		}
		return int(n.v)
	}
	c.MinAge, c.MaxAge = age(mp.s.MinimumAge, "minimum age"), age(mp.s.MaximumAge, "maximum age")
	if c.MaxAge > 0 && c.MaxAge < directory.MinimumAge {
		mp.warn("its maximum age %d is below %d, the youngest learnwell lists: the ages are left out", c.MaxAge, directory.MinimumAge)
		c.MinAge, c.MaxAge = 0, 0
	}
	if c.MinAge > 0 && c.MinAge < directory.MinimumAge {
		mp.warn("its minimum age %d is below %d, the youngest learnwell lists: %d is given", c.MinAge, directory.MinimumAge, directory.MinimumAge)
		c.MinAge = directory.MinimumAge
	}
	if c.MinAge > 0 && c.MaxAge > 0 && c.MaxAge < c.MinAge {
		mp.warn("its maximum age is below its minimum age: the ages are left out")
		c.MinAge, c.MaxAge = 0, 0
	}
}

func (mp *mapping) languages(c *directory.Course) {
	for _, l := range mp.s.Languages {
		code := strings.ToLower(l.Code.String())
		if _, ok := directory.LanguageName(code); !ok {
			code = ""
			for _, ch := range directory.Languages() {
				if strings.EqualFold(ch.Name, l.Name.String()) {
					code = ch.Code
				}
			}
		}
		if code != "" && !slices.Contains(c.Languages, code) {
			c.Languages = append(c.Languages, code)
		}
	}
}

// --- costs and funding

func (mp *mapping) costs(c *directory.Course) {
	freeID := learnwell.DerivedID("oruk", "cost_option", c.ID, "free")
	for i, o := range mp.s.CostOptions {
		if cur := strings.ToUpper(o.Currency.String()); cur != "" && cur != "GBP" {
			mp.warn("its cost option in %s is left out: learnwell keeps fees in pounds", cur)
			continue
		}
		opt := directory.CostOption{ID: o.ID.String(), Option: mp.fit("cost option", o.Option.String(), 200),
			Concessions: mp.fit("cost description", o.AmountDescription.String(), 500)}
		switch {
		case o.Amount != nil:
			p := math.Round(o.Amount.v * 100)
			if p < 0 || p > 1_000_000 || math.IsNaN(p) {
				mp.warn("its cost option of %v is not a fee learnwell can list: left out", o.Amount.v)
				continue
			}
			opt.AmountPence = int64(p)
		case containsWord(opt.Option+" "+opt.Concessions, "free"):
		default:
			mp.warn("its cost option %q has no amount: left out", opt.Option)
			continue
		}
		if len(mp.s.CostOptions) == 1 && opt.ID == freeID && opt.AmountPence == 0 {
			c.Free = true // learnwell's "free" option
			continue
		}
		if !learnwell.ValidID(opt.ID) {
			opt.ID = learnwell.DerivedID("import", "cost_option", mp.m.system, mp.s.ID.String(), strconv.Itoa(i), opt.ID)
		}
		if opt.Option == "" && len(mp.s.CostOptions) > 1 {
			opt.Option = "Fee " + strconv.Itoa(i+1)
		}
		c.CostOptions = append(c.CostOptions, opt)
	}
}

func (mp *mapping) funding(c *directory.Course) {
	if c.Funding != "" {
		return
	}
	for _, f := range mp.s.Funding {
		for _, line := range directory.FundingLines() {
			if strings.EqualFold(f.Source.String(), line.Name) || f.Source.String() == line.Code {
				c.Funding = directory.FundingLine(line.Code)
				return
			}
		}
	}
}

// --- taxonomy terms

// termByID returns a term from the registry or from those this record adds.
func (mp *mapping) termByID(id string) (directory.TaxonomyTerm, bool) {
	if t, ok := mp.m.tax.TermByID(id); ok {
		return t, true
	}
	for _, t := range mp.l.terms {
		if t.ID == id {
			return t, true
		}
	}
	return directory.TaxonomyTerm{}, false
}

// builtinTerm returns the built-in term an attribute names.
func (mp *mapping) builtinTerm(a inAttribute) (directory.TaxonomyTerm, bool) {
	id := a.TaxonomyTermID.String()
	if id == "" && a.TaxonomyTerm != nil {
		id = a.TaxonomyTerm.ID.String()
	}
	t, ok := mp.m.tax.TermByID(id)
	if !ok {
		return t, false
	}
	_, builtin := builtinTaxonomies.TaxonomyByID(t.TaxonomyID)
	return t, builtin
}

var builtinTaxonomies = directory.BuiltinTaxonomies()

// terms sorts the service's attributes into learnwell's classifications:
// its own terms back to subjects, wellbeing, level, languages,
// accessibility, delivery and funding; any other term into OtherTerms, its
// taxonomy imported.
func (mp *mapping) terms(c *directory.Course) {
	add := func(list *[]string, id string) {
		if !slices.Contains(*list, id) {
			*list = append(*list, id)
		}
	}
	for _, a := range mp.s.Attributes {
		if t, ok := mp.builtinTerm(a); ok {
			switch t.Scheme {
			case directory.SchemeSubject:
				add(&c.Subjects, t.ID)
			case directory.SchemeWellbeing:
				add(&c.Wellbeing, t.ID)
			case directory.SchemeLevel:
				c.Level = t.ID
			case directory.SchemeLanguage:
				add(&c.Languages, t.Code)
			case directory.SchemeAccessibility:
				if f := directory.AccessibilityFeature(t.Code); !slices.Contains(c.Accessibility, f) {
					c.Accessibility = append(c.Accessibility, f)
				}
			case directory.SchemeDelivery:
				c.Delivery = directory.DeliveryMode(t.Code)
			case directory.SchemeFunding:
				c.Funding = directory.FundingLine(t.Code)
			case directory.SchemeOrganisationKind:
				mp.l.org.Kind = directory.OrganisationKind(t.Code)
			}
			continue
		}
		if id, ok := mp.foreignTerm(a); ok {
			add(&c.OtherTerms, id)
		}
	}
}

// foreignTerm imports the term of an attribute that is not learnwell's, with
// its taxonomy, and returns its id.
func (mp *mapping) foreignTerm(a inAttribute) (string, bool) {
	in := a.TaxonomyTerm
	id := a.TaxonomyTermID.String()
	if in == nil || in.Name.String() == "" && in.Term.String() == "" {
		if id == "" && in != nil {
			id = in.ID.String()
		}
		if id == "" {
			mp.warn("an attribute has no taxonomy term: left out")
			return "", false
		}
		if t, ok := mp.termByID(mp.termID(id, "")); ok {
			return t.ID, true // known already
		}
		if mp.m.lookup == nil {
			mp.warn("its taxonomy term %s is not described in the file: left out", id)
			return "", false
		}
		fetched, err := mp.m.lookup.term(mp.ctx, id)
		if err != nil {
			mp.warn("its taxonomy term %s could not be read from the feed (%s): left out", id, learnwell.ErrorMessage(err))
			return "", false
		}
		in = fetched
	}
	if id == "" {
		id = in.ID.String()
	}
	if id == "" {
		mp.warn("a taxonomy term has no id: left out")
		return "", false
	}
	tax, ok := mp.termTaxonomy(in)
	if !ok {
		return "", false
	}
	term := directory.TaxonomyTerm{ID: mp.termID(id, tax.ID), TaxonomyID: tax.ID, Taxonomy: tax.Name, Scheme: tax.Scheme,
		Code: "", Name: in.Name.String(), Language: in.Language.String()}
	if term.Name == "" {
		term.Name = in.Term.String()
	}
	term.Name, _ = clip(term.Name, 200)
	term.Description = in.Description.String()
	if term.Description == "" {
		term.Description = term.Name
	}
	if p := in.ParentID.String(); p != "" {
		term.ParentID = mp.termID(p, tax.ID)
	}
	if u := in.TermURI.String(); directory.ValidURL(u) {
		term.TermURI = u
	}
	if existing, ok := mp.m.tax.TermByID(term.ID); ok && existing.TaxonomyID != tax.ID {
		return existing.ID, true // the same term, already in another taxonomy
	}
	if old, ok := mp.m.tax.TermByID(term.ID); !ok || old.Name != term.Name || old.Description != term.Description ||
		old.ParentID != term.ParentID || old.TermURI != term.TermURI || old.Language != term.Language {
		mp.l.terms = append(mp.l.terms, term)
	}
	return term.ID, true
}

// termID returns learnwell's id of a foreign term: its own when it is a UUID.
func (mp *mapping) termID(id, taxonomyID string) string {
	if learnwell.ValidID(id) {
		return strings.ToLower(id)
	}
	return learnwell.DerivedID("import", "taxonomy_term", mp.m.system, id)
}

// termTaxonomy returns the taxonomy of a foreign term, adding it to the
// listing's taxonomies to store when it is new or has changed.
func (mp *mapping) termTaxonomy(in *inTerm) (directory.Taxonomy, bool) {
	detail := in.TaxonomyDetail
	id := in.TaxonomyID.String()
	if id == "" && detail != nil {
		id = detail.ID.String()
	}
	name := in.Taxonomy.String()
	if detail == nil && id != "" && mp.m.lookup != nil {
		if _, known := mp.m.imported[mp.taxonomyID(id, name)]; !known {
			if d, err := mp.m.lookup.taxonomy(mp.ctx, id); err == nil {
				detail = d
			}
		}
	}
	if detail != nil && detail.Name.String() != "" {
		name = detail.Name.String()
	}
	if name == "" {
		name = "Terms from " + mp.m.system
	}
	tid := mp.taxonomyID(id, name)
	if _, builtin := builtinTaxonomies.TaxonomyByID(tid); builtin {
		mp.warn("its term %q claims to be in one of learnwell's own taxonomies but is not one of its terms: left out", in.Name.String())
		return directory.Taxonomy{}, false
	}
	for _, t := range mp.l.taxonomies {
		if t.ID == tid {
			return t, true
		}
	}
	t := directory.Taxonomy{ID: tid, Name: name, Description: "Imported from " + mp.m.system + "."}
	if old, ok := mp.m.imported[tid]; ok {
		t = old.Taxonomy
	}
	if detail != nil {
		t.Name = name
		if d := detail.Description.String(); d != "" {
			t.Description = d
		}
		if u := detail.URI.String(); directory.ValidURL(u) {
			t.URI = u
		}
		t.Version = detail.Version.String()
	}
	if t.Scheme == "" {
		t.Scheme = mp.newScheme(name)
	}
	if old, ok := mp.m.imported[tid]; !ok || old.Taxonomy != t {
		mp.l.taxonomies = append(mp.l.taxonomies, t)
	}
	return t, true
}

func (mp *mapping) taxonomyID(id, name string) string {
	if learnwell.ValidID(id) {
		return strings.ToLower(id)
	}
	if id == "" {
		id = "name:" + name
	}
	return learnwell.DerivedID("import", "taxonomy", mp.m.system, id)
}

// newScheme returns an unused scheme key for a new imported taxonomy: its
// name as a slug ("lga-service-types"), with a number added if taken.
func (mp *mapping) newScheme(name string) string {
	base := slug(name, 40)
	if base == "" {
		base = "imported"
	}
	taken := func(s string) bool {
		if _, ok := mp.m.tax.TaxonomyByScheme(s); ok || mp.schemes[s] {
			return true
		}
		for _, it := range mp.m.imported {
			if it.Taxonomy.Scheme == s {
				return true
			}
		}
		return false
	}
	s := base
	for n := 2; taken(s); n++ {
		s = base + "-" + strconv.Itoa(n)
	}
	mp.schemes[s] = true
	return s
}

// parseFeedDate reads a YYYY-MM-DD date, or the date of an RFC 3339 time.
func parseFeedDate(s string) (directory.Date, bool) {
	s = strings.TrimSpace(s)
	if len(s) > 10 && (s[10] == 'T' || s[10] == ' ') {
		s = s[:10]
	}
	d, err := directory.ParseDate(s)
	return d, err == nil
}

// parseFeedTime reads opens_at or closes_at (HH:MM or HH:MM:SS, with or
// without a UTC offset or Z) and returns the London clock time on the date.
// A time without an offset is taken as London time, which is what UK feeds
// mean (HSDS would read it as UTC; see docs/import-oruk.md).
func parseFeedTime(s string, on directory.Date) (directory.ClockTime, error) {
	s = strings.TrimSpace(s)
	clock, offset := s, ""
	if i := strings.IndexAny(s, "+-Zz"); i > 0 {
		clock, offset = s[:i], s[i:]
	}
	if len(clock) == 8 && clock[5] == ':' {
		clock = clock[:5] // seconds are not kept
	}
	t, err := directory.ParseClockTime(clock)
	if err != nil {
		return t, learnwell.Errorf(learnwell.EINVALID, "%q is not a time like 10:00 or 10:00:00+01:00", s)
	}
	if offset == "" {
		return t, nil
	}
	secs := 0
	if offset != "Z" && offset != "z" {
		z, err := time.Parse("-07:00", offset)
		if err != nil {
			return t, learnwell.Errorf(learnwell.EINVALID, "%q has an offset that is not like +01:00", s)
		}
		_, secs = z.Zone()
	}
	inst := time.Date(on.Year, on.Month, on.Day, t.Hour, t.Minute, 0, 0, time.FixedZone("", secs)).In(learnwell.London)
	if directory.DateOf(inst) != on {
		return t, learnwell.Errorf(learnwell.EINVALID, "%q falls on another day in London", s)
	}
	return directory.ClockTime{Hour: inst.Hour(), Minute: inst.Minute()}, nil
}
