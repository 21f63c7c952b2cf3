package directory

import (
	"strconv"
	"strings"

	"learnwell"
)

// maxPence caps what ParsePounds accepts (£1,000,000), far above any course
// fee and far below overflow.
const maxPence = 100_000_000

// ParsePounds reads an amount of money as a person types it, in pounds and
// pence: "12", "12.50", "£12.50", "1,200". It returns whole pence. Negative
// amounts and fractions of a penny are refused. Errors are *learnwell.Error
// with code EINVALID and a message for the person.
func ParsePounds(s string) (int64, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimSpace(strings.TrimPrefix(s, "£"))
	whole, frac, hasPoint := strings.Cut(s, ".")
	if !validThousands(whole) {
		return 0, errPounds()
	}
	whole = strings.ReplaceAll(whole, ",", "")
	if whole == "" && !hasPoint {
		return 0, errPounds()
	}
	pounds := 0
	if whole != "" {
		n, ok := digits(whole)
		if !ok || len(whole) > 7 {
			return 0, errPounds()
		}
		pounds = n
	}
	pence := 0
	if hasPoint {
		if len(frac) < 1 || len(frac) > 2 {
			return 0, errPounds()
		}
		n, ok := digits(frac)
		if !ok {
			return 0, errPounds()
		}
		if len(frac) == 1 {
			n *= 10
		}
		pence = n
	}
	total := int64(pounds)*100 + int64(pence)
	if total > maxPence {
		return 0, errPounds()
	}
	return total, nil
}

// validThousands reports whether commas, if any, separate groups of three
// digits: "1,200" but not "12,00".
func validThousands(s string) bool {
	if !strings.Contains(s, ",") {
		return true
	}
	groups := strings.Split(s, ",")
	if len(groups[0]) < 1 || len(groups[0]) > 3 {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	return true
}

func errPounds() error {
	return learnwell.Errorf(learnwell.EINVALID, "Enter the fee in pounds and pence, like 12.50")
}

// FormatPence writes an amount in pence as GOV.UK style writes money: "£12.50",
// "£12" for whole pounds, "£1,200.99".
func FormatPence(p int64) string {
	sign := ""
	if p < 0 {
		sign, p = "-", -p
	}
	pounds := strconv.FormatInt(p/100, 10)
	var b strings.Builder
	for i, c := range pounds {
		if i > 0 && (len(pounds)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if p%100 != 0 {
		b.WriteString("." + strconv.FormatInt(p%100+100, 10)[1:])
	}
	return sign + "£" + b.String()
}
