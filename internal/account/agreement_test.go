package account

import (
	"strings"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/directory"
)

func org(name string, boroughs ...string) Organisation {
	return Organisation{ID: learnwell.DerivedID("org", name), Name: name, Boroughs: boroughs}
}

func TestCanShareDatesAndParties(t *testing.T) {
	spsvc := org("Islington social prescribing", islington)
	college := org("City college", camden)
	elsewhere := org("Hackney learning", hackney)
	a := Agreement{
		ID: learnwell.DerivedID("agreement", "1"), Title: "Islington referrals to City college", Status: InForce,
		Parties:    []string{spsvc.ID, college.ID},
		Categories: []Category{ReferralDetails, AttendanceAndOutcomes},
		StartsOn:   directory.NewDate(2026, time.April, 1),
		EndsOn:     directory.NewDate(2027, time.March, 31),
	}
	// London is on summer time (UTC+1) on both 31 March 2026 at midnight and 31 March 2027.
	utc := func(s string) time.Time { t, _ := time.Parse(time.RFC3339, s); return t }
	with := func(change func(*Agreement)) Agreement { b := a; change(&b); return b }
	tests := []struct {
		name       string
		agreements []Agreement
		from, to   Organisation
		c          Category
		at         time.Time
		want       bool
	}{
		{"the last second before the first day (London)", []Agreement{a}, spsvc, college, ReferralDetails, utc("2026-03-31T22:59:59Z"), false},
		{"the first second of the first day (London)", []Agreement{a}, spsvc, college, ReferralDetails, utc("2026-03-31T23:00:00Z"), true},
		{"mid-term", []Agreement{a}, spsvc, college, ReferralDetails, utc("2026-10-01T12:00:00Z"), true},
		{"the last second of the last day (London)", []Agreement{a}, spsvc, college, ReferralDetails, utc("2027-03-31T22:59:59Z"), true},
		{"the first second after the last day (London)", []Agreement{a}, spsvc, college, ReferralDetails, utc("2027-03-31T23:00:00Z"), false},
		{"the other way round", []Agreement{a}, college, spsvc, AttendanceAndOutcomes, utc("2026-10-01T12:00:00Z"), true},
		{"a category not in the agreement", []Agreement{a}, spsvc, college, HealthAndWellbeing, utc("2026-10-01T12:00:00Z"), false},
		{"an organisation not party to it", []Agreement{a}, spsvc, elsewhere, ReferralDetails, utc("2026-10-01T12:00:00Z"), false},
		{"a draft", []Agreement{with(func(b *Agreement) { b.Status = Draft })}, spsvc, college, ReferralDetails, utc("2026-10-01T12:00:00Z"), false},
		{"ended before its end date", []Agreement{with(func(b *Agreement) { b.Status = Ended })}, spsvc, college, ReferralDetails, utc("2026-10-01T12:00:00Z"), false},
		{"no end date, years later", []Agreement{with(func(b *Agreement) { b.EndsOn = directory.Date{} })}, spsvc, college, ReferralDetails, utc("2035-01-01T00:00:00Z"), true},
		{"a one-day agreement on its day", []Agreement{with(func(b *Agreement) { b.EndsOn = b.StartsOn })}, spsvc, college, ReferralDetails, utc("2026-04-01T22:59:59Z"), true},
		{"a one-day agreement the next day", []Agreement{with(func(b *Agreement) { b.EndsOn = b.StartsOn })}, spsvc, college, ReferralDetails, utc("2026-04-01T23:00:00Z"), false},
		{"no agreements", nil, spsvc, college, ReferralDetails, utc("2026-10-01T12:00:00Z"), false},
		{"within one organisation, no agreement needed", nil, spsvc, spsvc, HealthAndWellbeing, utc("2026-10-01T12:00:00Z"), true},
		{"not a category", []Agreement{a}, spsvc, college, "everything", utc("2026-10-01T12:00:00Z"), false},
		{"in winter (GMT)", []Agreement{with(func(b *Agreement) { b.StartsOn = directory.NewDate(2026, time.December, 1) })},
			spsvc, college, ReferralDetails, utc("2026-11-30T23:59:59Z"), false},
		{"in winter (GMT), midnight", []Agreement{with(func(b *Agreement) { b.StartsOn = directory.NewDate(2026, time.December, 1) })},
			spsvc, college, ReferralDetails, utc("2026-12-01T00:00:00Z"), true},
	}
	for _, tt := range tests {
		got, reason := CanShare(tt.agreements, tt.from, tt.to, tt.c, tt.at)
		if got != tt.want || reason == "" {
			t.Errorf("%s: CanShare = %v (%s), want %v", tt.name, got, reason, tt.want)
		}
	}
}

func TestCanShareAreaWide(t *testing.T) {
	spsvc := org("Islington social prescribing", islington)
	college := org("Camden college", camden)
	both := org("Islington and Hackney service", islington, hackney)
	hackneyOnly := org("Hackney learning", hackney)
	londonWide := Organisation{ID: learnwell.DerivedID("org", "pan-London provider"), Name: "Pan-London provider", AllLondon: true}
	area := Agreement{
		ID: learnwell.DerivedID("agreement", "area"), Title: "North central London", Status: InForce, AreaWide: true,
		Boroughs: []string{islington, camden}, Categories: Categories(), StartsOn: directory.NewDate(2026, time.January, 1),
	}
	at := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		from, to Organisation
		want     bool
	}{
		{"two organisations in two of its boroughs", spsvc, college, true},
		{"one serving a covered borough and another", both, college, true},
		{"one outside the area", spsvc, hackneyOnly, false},
		{"outside the area, the other way", hackneyOnly, spsvc, false},
		{"an all-London organisation is in every area", londonWide, spsvc, true},
	}
	for _, tt := range tests {
		if got, reason := CanShare([]Agreement{area}, tt.from, tt.to, HealthAndWellbeing, at); got != tt.want {
			t.Errorf("%s: %v (%s), want %v", tt.name, got, reason, tt.want)
		}
	}
	_, reason := CanShare([]Agreement{area}, spsvc, college, ContactDetails, at)
	if !strings.Contains(reason, area.ID) {
		t.Errorf("reason %q does not name the agreement", reason)
	}
	_, reason = CanShare([]Agreement{area}, spsvc, hackneyOnly, ContactDetails, at)
	if !strings.Contains(reason, "No active data sharing agreement covers contact details") || !strings.Contains(reason, "1 June 2026") {
		t.Errorf("reason %q", reason)
	}
}

func TestAgreementValidate(t *testing.T) {
	p1, p2 := learnwell.NewID(), learnwell.NewID()
	good := func() Agreement {
		return Agreement{Title: " Referrals ", Purpose: "Referring people to courses", Parties: []string{p2, p1, p1},
			Categories: []Category{ContactDetails, ReferralDetails}, StartsOn: directory.NewDate(2026, 4, 1)}
	}
	a := good()
	a.Normalise()
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	if a.Status != Draft || a.Title != "Referrals" || len(a.Parties) != 2 {
		t.Fatalf("normalised = %+v", a)
	}
	tests := []struct {
		name   string
		change func(*Agreement)
		field  string
	}{
		{"no title", func(a *Agreement) { a.Title = "" }, "title"},
		{"no purpose", func(a *Agreement) { a.Purpose = "" }, "purpose"},
		{"long purpose", func(a *Agreement) { a.Purpose = strings.Repeat("x", 2001) }, "purpose"},
		{"no categories", func(a *Agreement) { a.Categories = nil }, "categories"},
		{"unknown category", func(a *Agreement) { a.Categories = []Category{"everything"} }, "categories"},
		{"no start", func(a *Agreement) { a.StartsOn = directory.Date{} }, "starts_on"},
		{"ends before it starts", func(a *Agreement) { a.EndsOn = directory.NewDate(2026, 3, 31) }, "ends_on"},
		{"one party", func(a *Agreement) { a.Parties = []string{p1} }, "parties"},
		{"the same party twice", func(a *Agreement) { a.Parties = []string{p1, p1} }, "parties"},
		{"a party that is not an id", func(a *Agreement) { a.Parties = []string{p1, "nobody"} }, "parties"},
		{"area-wide without boroughs", func(a *Agreement) { a.AreaWide = true }, "boroughs"},
		{"area-wide outside London", func(a *Agreement) { a.AreaWide = true; a.Boroughs = []string{"W06000015"} }, "boroughs"},
		{"unknown status", func(a *Agreement) { a.Status = "signed" }, "status"},
	}
	for _, tt := range tests {
		a := good()
		tt.change(&a)
		a.Normalise()
		if FieldMessage(a.Validate(), tt.field) == "" {
			t.Errorf("%s: no message for %s", tt.name, tt.field)
		}
	}
	area := Agreement{Title: "Area", Purpose: "p", AreaWide: true, Boroughs: []string{"e09000019"}, Categories: []Category{ReferralDetails},
		StartsOn: directory.NewDate(2026, 4, 1)}
	area.Normalise()
	if err := area.Validate(); err != nil || area.Boroughs[0] != islington {
		t.Errorf("an area-wide agreement without parties: %v", err)
	}
}

func TestAgreementTransitions(t *testing.T) {
	tests := []struct {
		from, to AgreementStatus
		ok       bool
	}{
		{Draft, InForce, true}, {Draft, Ended, true}, {InForce, Ended, true},
		{InForce, Draft, false}, {Ended, InForce, false}, {Ended, Draft, false}, {InForce, InForce, false}, {Ended, Ended, false},
	}
	for _, tt := range tests {
		err := Agreement{Status: tt.from}.CanMoveTo(tt.to)
		if (err == nil) != tt.ok || (err != nil && learnwell.ErrorCode(err) != learnwell.ECONFLICT) {
			t.Errorf("%s -> %s: %v", tt.from, tt.to, err)
		}
	}
}
