package search

import (
	"fmt"
	"iter"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"learnwell"
	"learnwell/internal/geo"
)

// SyntheticDocs returns n made-up but realistic London courses for
// benchmarks and tests: titles such as "Watercolour painting for beginners"
// or "ESOL Entry 2", providers with a few venues each in one of the 33
// boroughs, mostly in person, some online, starting over the next four
// months from 2026-11-24. The same n and seed always give the same
// documents (ids are learnwell.DerivedID of the seed and position).
func SyntheticDocs(n int, seed int64) []Doc {
	docs := make([]Doc, 0, n)
	for d := range syntheticSeq(n, seed) {
		docs = append(docs, d)
	}
	return docs
}

// syntheticSeq yields the documents of SyntheticDocs one at a time.
func syntheticSeq(n int, seed int64) iter.Seq2[Doc, error] {
	return func(yield func(Doc, error) bool) {
		rng := rand.New(rand.NewPCG(uint64(seed), 0x5eed))
		providers := syntheticProviders(rng)
		base := time.Date(2026, 11, 24, 0, 0, 0, 0, learnwell.London)
		for i := range n {
			if !yield(syntheticDoc(rng, providers, base, learnwell.DerivedID("synthetic", strconv.FormatInt(seed, 10), strconv.Itoa(i))), nil) {
				return
			}
		}
	}
}

type synthProvider struct {
	name    string
	borough string
	venues  []geo.Point
}

func syntheticProviders(rng *rand.Rand) []synthProvider {
	var out []synthProvider
	for b, bor := range londonBoroughs {
		for j, form := range []string{"%s Adult Learning", "%s Libraries", "%s Later Life Learning", "%s Wellbeing Circle", "%s Community College", "%s Carers Centre"} {
			if j > 1 && rng.IntN(3) == 0 {
				continue
			}
			p := synthProvider{name: fmt.Sprintf(form, bor.name), borough: fmt.Sprintf("E090000%02d", b+1)}
			for range 1 + rng.IntN(4) {
				p.venues = append(p.venues, geo.Point{Lat: bor.lat + (rng.Float64()-0.5)*0.04, Lon: bor.lon + (rng.Float64()-0.5)*0.06})
			}
			out = append(out, p)
		}
	}
	return out
}

func syntheticDoc(rng *rand.Rand, providers []synthProvider, base time.Time, id string) Doc {
	subj := synthSubjects[rng.IntN(len(synthSubjects))]
	topic := subj.topics[rng.IntN(len(subj.topics))]
	title := topic
	if q := synthQualifiers[rng.IntN(len(synthQualifiers))]; q != "" {
		title += " " + q
	}
	prov := providers[rng.IntN(len(providers))]
	d := Doc{
		ID:          id,
		Title:       title,
		Summary:     fmt.Sprintf(synthSummaries[rng.IntN(len(synthSummaries))], strings.ToLower(topic)),
		Description: synthDescription(rng, topic),
		Provider:    prov.name,
		Keywords:    []string{subj.name},
		Subjects:    []string{subj.code},
		Wellbeing:   []string{synthWellbeing[rng.IntN(len(synthWellbeing))]},
		Levels:      []string{subj.levels[rng.IntN(len(subj.levels))]},
		Free:        rng.IntN(5) < 2,
		Languages:   []string{"en"},
		MinAge:      []int{19, 19, 19, 16, 0, 50}[rng.IntN(6)],
	}
	if rng.IntN(20) == 0 {
		d.Languages = append(d.Languages, []string{"pl", "bn", "so", "tr", "ar", "es"}[rng.IntN(6)])
	}
	for _, a := range synthAccessibility {
		if rng.IntN(3) == 0 {
			d.Accessibility = append(d.Accessibility, a)
		}
	}
	if rng.IntN(4) == 0 {
		d.Keywords = append(d.Keywords, synthKeywords[rng.IntN(len(synthKeywords))])
	}
	online := rng.IntN(10) < 2
	switch {
	case online:
		d.Modes = []string{"online"}
	case rng.IntN(10) == 0:
		d.Modes = []string{"blended"}
	default:
		d.Modes = []string{"in-person"}
	}
	if !online {
		d.Boroughs = []string{prov.borough}
		for range 1 + rng.IntN(3) {
			pt := prov.venues[rng.IntN(len(prov.venues))]
			if !containsPoint(d.Points, pt) {
				d.Points = append(d.Points, pt)
			}
		}
	}
	d.Days = 1 << rng.IntN(7)
	if rng.IntN(4) == 0 {
		d.Days |= 1 << rng.IntN(7)
	}
	hour := []int{9, 10, 10, 13, 14, 18, 18, 19}[rng.IntN(8)]
	switch {
	case hour < 12:
		d.TimesOfDay = Morning
	case hour < 17:
		d.TimesOfDay = Afternoon
	default:
		d.TimesOfDay = Evening
	}
	if rng.IntN(10) > 0 {
		d.NextStart = base.AddDate(0, 0, rng.IntN(120)).Add(time.Duration(hour)*time.Hour + time.Duration(rng.IntN(2)*30)*time.Minute).UTC()
	}
	return d
}

func containsPoint(pts []geo.Point, p geo.Point) bool {
	for _, q := range pts {
		if q == p {
			return true
		}
	}
	return false
}

func synthDescription(rng *rand.Rand, topic string) string {
	var b strings.Builder
	for i, n := 0, 3+rng.IntN(6); i < n; i++ {
		s := synthSentences[rng.IntN(len(synthSentences))]
		if strings.Contains(s, "%s") {
			s = fmt.Sprintf(s, strings.ToLower(topic))
		}
		b.WriteString(s)
		b.WriteByte(' ')
	}
	return strings.TrimSpace(b.String())
}

type synthSubject struct {
	code, name string
	levels     []string
	topics     []string
}

var synthSubjects = []synthSubject{
	{"arts", "Arts and crafts", []string{"none", "level-1"}, []string{"Watercolour painting", "Oil painting", "Life drawing", "Pottery", "Printmaking", "Photography", "Creative writing", "Sewing and dressmaking", "Knitting and crochet", "Jewellery making", "Calligraphy", "Upholstery", "Stained glass", "Drawing"}},
	{"languages", "Languages", []string{"entry-3", "level-1", "level-2"}, []string{"Spanish", "French", "Italian", "German", "Mandarin", "Arabic", "British Sign Language", "Japanese", "Portuguese", "Polish"}},
	{"esol", "English for speakers of other languages", []string{"entry-1", "entry-2", "entry-3", "level-1", "level-2"}, []string{"ESOL Entry 1", "ESOL Entry 2", "ESOL Entry 3", "ESOL Level 1", "ESOL Level 2", "ESOL speaking and listening", "ESOL for work", "English conversation"}},
	{"digital", "Digital skills", []string{"entry-3", "level-1"}, []string{"Digital skills: using your smartphone", "Computers for beginners", "Getting online safely", "Excel spreadsheets", "Coding with Python", "Web design", "Video calls with family", "Online banking made simple", "Using a tablet"}},
	{"maths-english", "English and maths", []string{"entry-3", "level-1", "level-2"}, []string{"Functional skills maths", "GCSE English", "GCSE maths", "Maths for parents", "Improve your English", "Budgeting and money management", "Reading and writing"}},
	{"wellbeing", "Health and wellbeing", []string{"none"}, []string{"Mindfulness for wellbeing", "Yoga", "Tai chi", "Chair-based exercise", "Managing stress and anxiety", "Building confidence", "Walking for health", "Sleep well", "Singing for wellbeing", "Pilates"}},
	{"cooking", "Food and cooking", []string{"none", "level-2"}, []string{"Cooking on a budget", "Healthy eating", "Baking bread", "Vegetarian cooking", "Caribbean cooking", "Food hygiene level 2", "Cake decorating"}},
	{"employability", "Work and careers", []string{"level-1", "level-2", "level-3"}, []string{"Introduction to counselling", "Teaching assistant", "Childcare", "First aid at work", "Bookkeeping", "CV writing and interviews", "Customer service", "Starting your own business"}},
	{"gardening", "Gardening and nature", []string{"none"}, []string{"Gardening for beginners", "Growing vegetables", "Garden design", "Beekeeping", "Wildlife gardening"}},
	{"music", "Music", []string{"none", "level-1"}, []string{"Guitar", "Piano", "Community choir", "Ukulele", "DJ skills", "Music production"}},
}

var synthQualifiers = []string{"", "", "", "for beginners", "for beginners", "for improvers", "- intermediate", "(daytime)", "(evenings)", "Level 1", "taster session", "for over 50s", "for parents", "online", "weekend workshop", "- 10 weeks", "Stage 2", "drop-in"}

var synthSummaries = []string{
	"Learn the basics of %s in a friendly, relaxed group.",
	"Build your skills and confidence in %s.",
	"A practical course in %s for adults of all backgrounds.",
	"Meet new people and enjoy %s with an experienced tutor.",
	"Take the next step in %s and work towards a certificate.",
	"Short, welcoming sessions of %s close to home.",
}

var synthSentences = []string{
	"No experience is needed.", "All materials are provided.", "The tutor will help you set goals for the course.",
	"Sessions are small so everyone gets support.", "You will work at your own pace.",
	"This course is a good way to meet people in your area.", "Bring a notebook and a pen.",
	"You will practise %s every week.", "By the end you will feel confident with %s.",
	"Many learners go on to further study or volunteering.", "Tea and coffee are available.",
	"The venue is close to buses and the station.", "Childcare may be available; ask when you enrol.",
	"Fees may be waived if you receive benefits.", "There is a short assessment in the first week.",
	"Learners say it helped their mental health and wellbeing.", "You can join with a friend or a carer.",
	"The class is taught in English with plenty of support.", "Laptops are available to borrow.",
	"Come along to the first session and see if it suits you.", "We welcome learners with disabilities.",
	"Spaces are limited so please book early.", "Each week builds on the last, so try to come to every session.",
	"You will get feedback from the tutor and other learners.", "Some homework between sessions helps.",
	"This is a relaxed and supportive group for %s.", "Suitable for complete beginners to %s.",
	"You will receive a certificate of attendance.", "Online sessions use Zoom; we can help you set it up.",
}

var synthWellbeing = []string{"connect", "be-active", "take-notice", "keep-learning", "give"}

var synthAccessibility = []string{"step-free", "hearing-loop", "accessible-toilet", "large-print"}

var synthKeywords = []string{"Mental wellbeing", "Social isolation", "Confidence", "Physical activity", "Employment", "Family learning", "Carers", "Older people", "Refugees and asylum seekers"}

// londonBoroughs are the 33 local authorities, in GSS code order from
// E09000001, with approximate centres.
var londonBoroughs = []struct {
	name     string
	lat, lon float64
}{
	{"City of London", 51.5155, -0.0922}, {"Barking and Dagenham", 51.5465, 0.1293}, {"Barnet", 51.6252, -0.1517},
	{"Bexley", 51.4549, 0.1505}, {"Brent", 51.5588, -0.2817}, {"Bromley", 51.4039, 0.0198},
	{"Camden", 51.5290, -0.1255}, {"Croydon", 51.3714, -0.0977}, {"Ealing", 51.5130, -0.3089},
	{"Enfield", 51.6538, -0.0799}, {"Greenwich", 51.4892, 0.0648}, {"Hackney", 51.5450, -0.0553},
	{"Hammersmith and Fulham", 51.4927, -0.2339}, {"Haringey", 51.5906, -0.1110}, {"Harrow", 51.5898, -0.3346},
	{"Havering", 51.5812, 0.1837}, {"Hillingdon", 51.5441, -0.4760}, {"Hounslow", 51.4746, -0.3680},
	{"Islington", 51.5416, -0.1022}, {"Kensington and Chelsea", 51.5020, -0.1947}, {"Kingston upon Thames", 51.4085, -0.3064},
	{"Lambeth", 51.4607, -0.1163}, {"Lewisham", 51.4452, -0.0209}, {"Merton", 51.4014, -0.1958},
	{"Newham", 51.5255, 0.0352}, {"Redbridge", 51.5901, 0.0819}, {"Richmond upon Thames", 51.4613, -0.3037},
	{"Southwark", 51.5035, -0.0804}, {"Sutton", 51.3618, -0.1945}, {"Tower Hamlets", 51.5099, -0.0059},
	{"Waltham Forest", 51.5908, -0.0134}, {"Wandsworth", 51.4567, -0.1910}, {"Westminster", 51.4975, -0.1357},
}
