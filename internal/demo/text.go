package demo

// Fragments of text that courses combine, so that descriptions read plainly
// and vary from course to course.

// intros begin a description; %s is the course's activities joined with
// commas and "and".
var intros = []string{
	"On this course you will %s.",
	"In the sessions you will %s.",
	"Week by week, you will %s.",
	"Together we will %s.",
	"You will %s, with plenty of help from your tutor.",
	"Sessions are practical: you will %s.",
}

// levelText says who a course is pitched at, by level code.
var levelText = map[string][]string{
	taster: {
		"It's a short taster, so you can try it out with no commitment and see if you'd like to do more.",
		"This is a taster: come along, have a go, and find out whether it's for you.",
	},
	beginner: {
		"You don't need any experience: we start from the very beginning.",
		"It's for beginners, so don't worry if you've never done anything like this before.",
		"No experience is needed, and nobody will put you on the spot.",
	},
	improver: {
		"It suits people who have done a beginners' course or have some experience and want to go further.",
		"It's for improvers: you should know the basics already.",
		"It builds on the basics, so it suits people with a little experience.",
	},
	accredited: {
		"At the end you can take an assessment for a nationally recognised qualification.",
		"You'll work towards a recognised qualification, with support from your tutor all the way.",
		"The course leads to a recognised qualification that employers and colleges understand.",
	},
}

// levelSummary is added to a summary when there is room.
var levelSummary = map[string]string{
	taster:     "A relaxed taster to try something new.",
	beginner:   "No experience needed.",
	improver:   "For people with some experience.",
	accredited: "Leads to a recognised qualification.",
}

// wellbeingText says what a course can do for people, by wellbeing code.
var wellbeingText = map[string][]string{
	lonely: {
		"It's a small, friendly group and a good way to meet people nearby.",
		"Many people come on their own and leave having made friends.",
		"There's always time for a cup of tea and a chat.",
	},
	confid: {
		"You'll learn at your own pace, with lots of encouragement.",
		"Everyone starts somewhere, and the tutor makes sure nobody feels left behind.",
		"Learners often tell us it gave them the confidence to try other things.",
	},
	anxiety: {
		"Sessions are calm and relaxed, and you can take a break whenever you need to.",
		"It's a quiet, welcoming space, and there is no pressure to join in until you're ready.",
		"Many people find it helps them switch off from everyday worries.",
	},
	mood: {
		"It gives you something to look forward to each week.",
		"Making something and seeing your progress can really lift your spirits.",
		"People often say it's the best part of their week.",
	},
	skills: {
		"You'll pick up practical skills you can use straight away at home.",
		"It's practical: you'll leave each session able to do something new for yourself.",
		"The skills you learn will help with everyday life, from appointments to paperwork.",
	},
}

// closings end some descriptions.
var closings = []string{
	"Tea and coffee are provided.",
	"If you have any questions before you start, get in touch: we're happy to talk it through.",
	"Groups are small, so the tutor has time for everyone.",
	"You are welcome to bring a friend or carer with you.",
	"If you need any support to take part, let us know and we'll do what we can.",
}

// suits describes who a course suits, besides age and level.
var suits = []string{
	"Anyone who would like to learn something new in a friendly group.",
	"Good for people who want to meet others and try something different.",
	"People referred by a link worker or social prescriber are very welcome.",
	"Suitable for people who are out of work, retired, or caring for someone.",
	"Good for anyone who would like more structure to their week.",
}

// joinText says how to join a course, by the kind of course.
var joinText = map[string][]string{
	"book": {
		"Call or email us and we'll book you a place. Your link worker can also refer you.",
		"Book online using the link below. If you'd rather talk to someone, phone us and we'll enrol you.",
		"Enrol online or by phone. If you have been referred by a link worker, we'll contact you to arrange your place.",
		"Fill in the short form on our website, and we'll call you back within a week to confirm your place.",
	},
	"drop-in": {
		"You can just come along to the first session, but please let us know you're coming so we can save you a seat.",
		"No need to book: come to any session. If it's your first time, arrive ten minutes early to say hello.",
	},
	"assessment": {
		"Come to one of our enrolment sessions for a friendly chat and a short assessment, so we can find the right class for you. Call us to book.",
		"Book an assessment by phone or online. It takes about 30 minutes and helps us place you in the right group.",
		"Call us to book a short assessment before the course starts. Bring proof of your address and of any benefits you get.",
	},
}

// concessions explain who pays less, for fee-paying courses.
var concessions = []string{
	"Free if you get Universal Credit or earn below the London Living Wage.",
	"Free if you get a means-tested benefit such as Universal Credit, Pension Credit or Employment and Support Allowance.",
	"Half price if you are 60 or over. Free if you get Universal Credit.",
	"Free if you earn below the London Living Wage. Ask us about paying in instalments.",
	"Reduced fee for carers and people on a low income: ask us.",
}

// runNotes are occasional notes on a run.
var runNotes = []string{
	"Please arrive ten minutes early for the first session.",
	"Tea and biscuits provided.",
	"The room is on the ground floor.",
	"Places on this run fill quickly, so book early.",
	"This run is taught by a different tutor.",
	"Ask at reception and someone will take you to the room.",
}

// contactNames are desks or roles to ask for.
var contactNames = []string{
	"Course enquiries", "Learner services", "Reception", "Community learning team",
	"Enrolment team", "Course tutor", "Learning coordinator",
}

// communityLanguages are languages some courses are taught in, as ISO 639-1
// codes whose names read well in a title.
var communityLanguages = []string{
	"bn", "so", "tr", "pl", "ar", "ur", "pt", "es", "ro", "ta", "gu", "yo", "ti", "ku", "pa", "sq", "lt", "uk",
}

// esolSupport are languages ESOL classes often have support in.
var esolSupport = []string{
	"ar", "bn", "so", "ti", "fa", "ps", "ku", "uk", "ro", "pt", "es", "tr", "ur", "zh", "vi", "am", "pl", "sq",
}
