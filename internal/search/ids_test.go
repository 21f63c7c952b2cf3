package search

import (
	"slices"
	"testing"
)

func TestMatchingIDs(t *testing.T) {
	docs := SyntheticDocs(3000, 7)
	ix := New()
	if err := ix.Replace(docs); err != nil {
		t.Fatal(err)
	}
	nonEmpty := 0
	for _, q := range []Query{
		{Words: "painting"}, {Words: "english conversation"}, {Words: "the"}, {Words: "zzzzqqq"},
		{Words: "cooking", FreeOnly: true}, {Words: "art", Sort: SortSoonest, Page: 3, PerPage: 5},
	} {
		got, err := ix.MatchingIDs(q)
		if err != nil {
			t.Fatal(err)
		}
		// The same ids as paging through Search.
		var want []string
		for pg := 1; ; pg++ {
			q.Page, q.PerPage, q.Sort = pg, MaxPerPage, SortName
			res, err := ix.Search(q)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				want = append(want, h.ID)
			}
			if len(res.Hits) == 0 {
				break
			}
		}
		slices.Sort(want)
		if len(want) > 0 {
			nonEmpty++
		}
		if !slices.Equal(got, want) || got == nil {
			t.Errorf("%+v: %d ids, want %d", q, len(got), len(want))
		}
	}
	if nonEmpty < 4 {
		t.Errorf("only %d queries match anything", nonEmpty)
	}
	ix.Remove(docs[0].ID)
	if got, _ := ix.MatchingIDs(Query{}); len(got) != len(docs)-1 || slices.Contains(got, docs[0].ID) {
		t.Errorf("after a removal: %d ids", len(got))
	}
}
