package demo

import "slices"

// The course catalogue: groups of course templates, one group for each
// subject of the built-in taxonomy. A course is made from a template by
// choosing a level, a wellbeing focus, a provider and runs, and by combining
// the template's text with the fragments in text.go.

// Level codes of the built-in "level" taxonomy.
const (
	taster     = "taster"
	beginner   = "beginner"
	improver   = "improver"
	accredited = "accredited"
)

// Wellbeing codes of the built-in "wellbeing" taxonomy.
const (
	lonely  = "loneliness-and-connection"
	confid  = "confidence-and-self-esteem"
	anxiety = "anxiety-and-stress"
	mood    = "low-mood"
	skills  = "skills-to-manage-life"
)

// group is a family of course templates sharing a subject and defaults.
type group struct {
	subject   string   // primary subject code
	weight    int      // how common the group is across London (relative)
	wellbeing []string // wellbeing focus codes to choose from (1 or 2 are used)
	levels    []string // levels a template may take unless it says otherwise
	online    bool     // courses may be held online or blended
	skills    bool     // an Adult Skills subject (ESOL, English, maths, digital, work)
	kit       []string // sentences on what to bring or what is provided
	templates []template
}

// template is one kind of course.
type template struct {
	title      string   // may contain {borough}; the level may add a suffix
	also       []string // further subject codes
	summary    string   // one sentence
	activities []string // verb phrases: "mix colours and lay simple washes"
	levels     []string // overrides the group's levels
	fixed      bool     // the title already says the level: add no suffix
	lang       string   // ISO 639-1 code of the language taught, for language courses
	youth      bool     // may be offered to young adults aged 16 to 24
	older      bool     // often offered to people aged 50 and over
}

var allLevels = []string{taster, beginner, improver}

// catalogue is every group: the arts, culture and leisure subjects, then
// the skills and everyday life subjects. Its order is part of the demo's
// determinism: add groups and templates at the end.
var catalogue = append(slices.Clone(leisureGroups), lifeGroups...)

// leisureGroups are the arts, culture, language and leisure subjects.
var leisureGroups = []group{
	{
		subject: "arts-and-crafts", weight: 8, levels: allLevels,
		wellbeing: []string{mood, anxiety, lonely, confid},
		kit: []string{
			"All materials are provided, so you don't need to buy anything.",
			"We provide the materials. Wear clothes you don't mind getting paint on.",
			"Materials are provided. Bring an apron if you have one.",
		},
		templates: []template{
			{title: "Watercolour painting", summary: "Learn to paint with watercolours, from simple washes to flowers and landscapes.",
				activities: []string{"mix colours and lay simple washes", "paint skies, trees and flowers", "try wet-on-wet and dry-brush techniques"}},
			{title: "Drawing for the terrified", fixed: true, levels: []string{beginner, taster},
				summary:    "A gentle start to drawing for people who are sure they can't draw.",
				activities: []string{"learn to look carefully and draw what you see", "use pencil, charcoal and pen", "build up your confidence one small sketch at a time"}},
			{title: "Pottery and clay modelling", summary: "Shape bowls, pots and small sculptures from clay by hand.",
				activities: []string{"make pinch pots and coil pots", "try simple sculpture", "glaze your pieces and take them home"}},
			{title: "Printmaking at the kitchen table", summary: "Design and print your own cards and posters with simple printing methods you can use at home.",
				activities: []string{"cut and print lino blocks", "try mono-printing and stencils", "make a set of cards to keep or give away"}},
			{title: "Acrylic painting", summary: "Paint bold, bright pictures with acrylics and learn how to build up a painting.",
				activities: []string{"work from still life and photographs", "learn about colour and composition", "finish a painting you're proud of"}},
			{title: "Mosaic making", summary: "Make a mosaic coaster, tile or small panel from glass and ceramic pieces.",
				activities: []string{"design a simple pattern", "cut and place tiles safely", "grout and finish your piece"}},
			{title: "Urban sketching around {borough}", summary: "Draw the streets, buildings and people of {borough} with a sketchbook and pen.",
				activities: []string{"sketch outdoors in small groups", "capture buildings and street life quickly", "share your sketchbook with the group"}},
			{title: "Art for wellbeing", summary: "A relaxed art group where the focus is on enjoying making, not on getting it right.",
				activities: []string{"try a different material each week", "make art at your own pace", "talk, or just enjoy some quiet time"}},
			{title: "Card making and paper crafts", summary: "Make greetings cards, gift boxes and decorations from paper and card.",
				activities: []string{"learn folding, cutting and layering", "decorate with stamps and collage", "make cards for friends and family"}},
			{title: "Jewellery making with beads and wire", summary: "Make earrings, bracelets and necklaces with beads and wire.",
				activities: []string{"learn basic wire-work", "string and knot beads", "design a piece of your own"}},
		},
	},
	{
		subject: "sewing-and-textiles", weight: 3, levels: allLevels,
		wellbeing: []string{lonely, anxiety, mood, skills},
		kit: []string{
			"Sewing machines and materials are provided.",
			"Bring any yarn and needles you have; we can lend you some if not.",
			"Bring a piece of clothing you'd like to work on, if you have one.",
		},
		templates: []template{
			{title: "Sewing machine skills", summary: "Get to know a sewing machine and make simple things like a cushion cover and a tote bag.",
				activities: []string{"thread and set up a sewing machine", "sew straight seams, hems and corners", "make a tote bag and a cushion cover"}},
			{title: "Knit and natter", fixed: true, levels: []string{beginner, improver},
				summary:    "A friendly knitting and crochet group for all abilities: bring a project or start a new one.",
				activities: []string{"learn to cast on, knit and purl", "get help with a pattern", "chat over a cup of tea"}},
			{title: "Crochet", summary: "Learn to crochet squares, hats and blankets, one stitch at a time.",
				activities: []string{"learn the basic stitches", "read a simple pattern", "make a granny square and a small project"}},
			{title: "Make do and mend: repairing your clothes", summary: "Save money and waste less by learning to repair and alter your clothes.",
				activities: []string{"sew on buttons and mend holes", "take up hems and take in seams", "darn knitwear"}},
			{title: "Dressmaking: make a simple skirt", summary: "Make a skirt that fits you, from choosing fabric to the finishing touches.",
				activities: []string{"take your measurements and use a pattern", "cut fabric and sew seams", "fit and finish your skirt"}},
			{title: "Upcycling clothes", summary: "Turn old clothes into something new: fix, change and decorate what you already have.",
				activities: []string{"rework old clothes into new shapes", "add patches, embroidery and dye", "swap ideas with the group"}},
			{title: "Embroidery", summary: "Learn hand embroidery stitches and make a small piece to frame or wear.",
				activities: []string{"learn a dozen basic stitches", "transfer a design onto fabric", "finish a hoop to hang on the wall"}},
			{title: "Quilting and patchwork", summary: "Piece together fabric squares to make a patchwork cushion or small quilt.",
				activities: []string{"cut and piece fabric accurately", "learn simple quilting stitches", "work on a group quilt"}},
		},
	},
	{
		subject: "photography", weight: 3, levels: allLevels, online: true,
		wellbeing: []string{mood, confid, lonely},
		kit: []string{
			"Bring your phone or camera, fully charged.",
			"You can use any phone with a camera. We can lend you one if you need to.",
		},
		templates: []template{
			{title: "Photography with your phone", also: []string{"digital-skills"}, summary: "Take better photos with the phone in your pocket.",
				activities: []string{"learn about light, framing and focus", "take photos on short walks", "share and talk about your pictures"}},
			{title: "Getting to know your digital camera", summary: "Take your camera off automatic and learn what the settings do.",
				activities: []string{"understand aperture, shutter speed and ISO", "practise in different light", "learn to get sharp pictures"}},
			{title: "Photo walks in {borough}", also: []string{"physical-activity"}, summary: "Explore {borough} on foot and learn to photograph what you find.",
				activities: []string{"walk a different route each week", "photograph streets, parks and people", "put together a small exhibition"}},
			{title: "Editing photos on your phone or tablet", also: []string{"digital-skills"}, summary: "Crop, brighten and improve your photos with free apps.",
				activities: []string{"crop and straighten photos", "adjust colour and light", "organise and back up your pictures"}},
			{title: "Making short films on your phone", summary: "Plan, film and edit a short film using only a phone.",
				activities: []string{"plan a short film", "film steady shots with good sound", "edit your film with a free app"}},
			{title: "Photography: telling a story in pictures", summary: "Use photos to tell a story about your life, your family or your street.",
				activities: []string{"plan a photo story", "take and choose your pictures", "add words and share your story"}},
		},
	},
	{
		subject: "creative-writing", weight: 4, levels: allLevels, online: true,
		wellbeing: []string{mood, confid, anxiety, lonely},
		kit: []string{
			"Bring a notebook and a pen.",
			"Just bring something to write with. Nobody has to read their work out unless they want to.",
		},
		templates: []template{
			{title: "Creative writing: telling your story", summary: "Write about your own life and memories in a supportive group.",
				activities: []string{"use simple prompts to get writing", "shape memories into short pieces", "give and receive kind feedback"}},
			{title: "Writing poetry", summary: "Read, write and enjoy poems, whether you've written before or not.",
				activities: []string{"read poems by a wide range of writers", "try different forms, from haiku to free verse", "write poems of your own"}},
			{title: "Life writing and memoir", summary: "Turn your memories into stories to keep or to share with family.",
				activities: []string{"choose the stories you want to tell", "write with detail and feeling", "put together a short collection"}},
			{title: "Short story writing", summary: "Learn how stories work and write your own short stories.",
				activities: []string{"create characters and settings", "plan a plot with a beginning, middle and end", "edit and improve your writing"}},
			{title: "Writing for wellbeing", also: []string{"mindfulness-and-wellbeing"}, summary: "Use writing to make sense of things, relax and feel better.",
				activities: []string{"try journalling and free writing", "write about what matters to you", "find writing habits that help you"}},
			{title: "Reading group: books and conversation", also: []string{"english"}, fixed: true, levels: []string{beginner, improver},
				summary:    "Read a book a month and talk about it with friendly people over tea.",
				activities: []string{"read a mix of novels, stories and memoirs", "share what you thought", "choose books together"}},
			{title: "Writing for the stage", also: []string{"drama-and-performance"}, summary: "Write short scenes and hear them read aloud by actors.",
				activities: []string{"write natural dialogue", "build a short scene", "hear your work performed"}},
		},
	},
	{
		subject: "drama-and-performance", weight: 2, levels: allLevels,
		wellbeing: []string{confid, lonely, mood},
		kit: []string{
			"Wear comfortable clothes you can move in.",
			"No need to learn lines or perform on your own unless you want to.",
		},
		templates: []template{
			{title: "Drama for confidence", also: []string{"mindfulness-and-wellbeing"}, summary: "Use drama games and simple scenes to build your confidence.",
				activities: []string{"play drama games", "work on short scenes in pairs", "practise speaking up in a safe space"}},
			{title: "Improvisation", summary: "Make up scenes on the spot and have a lot of fun doing it.",
				activities: []string{"learn the basics of improvisation", "play games that build trust", "create short scenes together"}},
			{title: "Storytelling: sharing stories out loud", summary: "Learn to tell folk tales and your own stories to an audience.",
				activities: []string{"learn traditional stories", "use your voice and body", "tell a story to the group"}},
			{title: "Community theatre: putting on a show", summary: "Make a short play together and perform it for friends and family.",
				activities: []string{"devise a play as a group", "rehearse in a friendly setting", "perform, or help backstage"}},
			{title: "Voice and presence: speaking with confidence", also: []string{"employability"}, summary: "Learn to speak clearly and confidently in meetings, interviews and everyday life.",
				activities: []string{"use breathing and voice exercises", "practise short talks", "manage nerves"}},
			{title: "Stand-up comedy workshop", summary: "Write and perform a short comedy set in a supportive group.",
				activities: []string{"find the funny side of everyday life", "write jokes and short routines", "perform at a friendly showcase if you want to"}},
		},
	},
	{
		subject: "music", weight: 4, levels: allLevels,
		wellbeing: []string{lonely, mood, anxiety, confid},
		kit: []string{
			"Instruments are provided for use in the sessions.",
			"You don't need to read music.",
			"Bring your own instrument if you have one; we can lend you one if not.",
		},
		templates: []template{
			{title: "Community choir", fixed: true, levels: []string{beginner, improver},
				summary:    "Sing together in a friendly choir. No auditions and no need to read music.",
				activities: []string{"warm up your voice", "learn songs from around the world by ear", "sing at a small concert if you want to"}},
			{title: "Ukulele", summary: "Learn to play the ukulele and strum along to well-known songs.",
				activities: []string{"learn your first chords", "strum in time with others", "play songs together"}},
			{title: "Guitar", summary: "Learn chords, strumming and simple tunes on the guitar.",
				activities: []string{"learn basic chords", "practise strumming patterns", "play songs you know"}},
			{title: "Singing for wellbeing", also: []string{"mindfulness-and-wellbeing"}, summary: "Gentle singing and breathing to lift your mood and ease stress.",
				activities: []string{"breathe and relax", "sing simple, uplifting songs", "feel the benefits of singing with others"}},
			{title: "Drumming circle", summary: "Play hand drums together and feel the rhythm. No experience needed.",
				activities: []string{"learn simple rhythms", "play together as a group", "improvise and have fun"}},
			{title: "Music making on a tablet", also: []string{"digital-skills"}, summary: "Make your own music with free apps on a tablet.",
				activities: []string{"record and loop sounds", "build a track step by step", "share your music"}},
			{title: "Learn to read music", summary: "Understand written music so you can play or sing from it.",
				activities: []string{"read notes and rhythms", "understand keys and time signatures", "sight-read simple tunes"}},
			{title: "Keyboard", summary: "Learn to play the keyboard with both hands, from simple tunes to chords.",
				activities: []string{"find your way around the keys", "play simple tunes", "add chords with your left hand"}},
		},
	},
	{
		subject: "languages", weight: 6, levels: allLevels, online: true,
		wellbeing: []string{confid, lonely, mood},
		kit: []string{
			"Bring a notebook and pen. Course handouts are provided.",
			"You'll get handouts and links to free practice online.",
		},
		templates: []template{
			{title: "Spanish for travel", lang: "es", summary: "Learn the Spanish you need for holidays: greetings, directions, food and shopping.",
				activities: []string{"introduce yourself and make small talk", "order food and drink", "ask for directions and help"}},
			{title: "French conversation", lang: "fr", summary: "Practise speaking French in a relaxed group.",
				activities: []string{"talk about everyday topics", "build your vocabulary", "improve your listening"}},
			{title: "Italian", lang: "it", summary: "Learn to speak and understand everyday Italian.",
				activities: []string{"greet people and introduce yourself", "talk about family, food and free time", "learn basic grammar"}},
			{title: "Arabic", lang: "ar", summary: "Learn to speak, read and write everyday Arabic.",
				activities: []string{"learn the Arabic alphabet", "hold simple conversations", "read short everyday texts"}},
			{title: "Portuguese", lang: "pt", summary: "Learn everyday Portuguese for travel, family and friends.",
				activities: []string{"introduce yourself", "talk about daily life", "learn useful phrases for travel"}},
			{title: "Mandarin Chinese: first steps", lang: "zh", summary: "Start speaking Mandarin and learn your first Chinese characters.",
				activities: []string{"learn the sounds and tones", "hold short conversations", "read and write simple characters"}},
			{title: "British Sign Language Level 1", fixed: true, levels: []string{accredited},
				summary:    "Learn to communicate with Deaf people in British Sign Language and gain a Level 1 qualification.",
				activities: []string{"learn fingerspelling and everyday signs", "hold simple conversations in BSL", "learn about Deaf culture"}},
			{title: "British Sign Language: first steps", fixed: true, levels: []string{beginner, taster},
				summary:    "Learn fingerspelling and your first signs in British Sign Language.",
				activities: []string{"learn to fingerspell your name", "sign greetings and everyday words", "find out about Deaf culture"}},
			{title: "German conversation", lang: "de", summary: "Practise speaking German about everyday topics.",
				activities: []string{"talk about your week", "discuss news and culture", "build confidence in speaking"}},
			{title: "Turkish", lang: "tr", summary: "Learn to speak everyday Turkish for travel, family and friends.",
				activities: []string{"greet people and introduce yourself", "shop and order food", "learn the basics of grammar"}},
			{title: "Polish", lang: "pl", summary: "Learn everyday Polish to chat with neighbours, friends and family.",
				activities: []string{"introduce yourself", "talk about daily life", "learn useful phrases"}},
		},
	},
	{
		subject: "science-and-nature", weight: 2, levels: allLevels, online: true,
		wellbeing: []string{mood, lonely, anxiety},
		kit: []string{
			"Wear comfortable shoes and clothes for the weather.",
			"Everything you need is provided.",
		},
		templates: []template{
			{title: "Nature walks and wildlife spotting", also: []string{"physical-activity"}, summary: "Explore local green spaces and learn about the wildlife that lives there.",
				activities: []string{"walk in parks and nature reserves", "identify birds, trees and insects", "record what you see"}},
			{title: "Stargazing", summary: "Find your way around the night sky, even in the city.",
				activities: []string{"find constellations and planets", "use free astronomy apps", "learn about the Moon and Sun"}},
			{title: "Birdwatching", summary: "Learn to recognise the birds in London's parks and gardens.",
				activities: []string{"identify birds by sight and song", "use binoculars", "keep a bird diary"}},
			{title: "Science in everyday life", summary: "Discover the science behind cooking, weather, health and the home.",
				activities: []string{"do simple experiments", "explore how everyday things work", "discuss science in the news"}},
			{title: "Trees of London: a walking course", also: []string{"physical-activity"}, summary: "Learn to recognise London's trees on gentle walks through parks and streets.",
				activities: []string{"identify trees by leaves and bark", "learn how trees help the city", "walk in local parks"}},
			{title: "Climate and the environment: what can we do?", summary: "Understand climate change and find practical things we can do locally.",
				activities: []string{"learn the basics of climate science", "look at local projects", "plan small changes at home"}},
		},
	},
	{
		subject: "history-and-culture", weight: 3, levels: allLevels, online: true,
		wellbeing: []string{lonely, mood, confid},
		kit: []string{
			"Bring a notebook if you like taking notes.",
			"Handouts are provided. Some sessions include visits, which are free.",
		},
		templates: []template{
			{title: "Art history: looking at paintings", summary: "Learn how to look at paintings and enjoy art in galleries.",
				activities: []string{"look closely at famous paintings", "learn about artists and movements", "visit a gallery together"}},
			{title: "World religions and beliefs", summary: "Explore the beliefs and practices of the world's religions.",
				activities: []string{"learn about major world religions", "discuss beliefs with respect", "visit places of worship"}},
			{title: "Philosophy café", fixed: true, levels: []string{beginner, improver},
				summary:    "Talk through big questions in a friendly, informal group.",
				activities: []string{"discuss a big question each week", "learn about great thinkers", "share your own ideas"}},
			{title: "Exploring London's museums", also: []string{"local-history"}, summary: "Visit a different museum each session with a tutor.",
				activities: []string{"visit free museums and galleries", "learn about the collections", "share what you found"}},
			{title: "Film club: classic cinema", summary: "Watch and talk about classic films from around the world.",
				activities: []string{"watch a film each session", "learn about directors and styles", "talk about what you saw"}},
			{title: "Black British history", summary: "Discover the long history of Black people in Britain and in London.",
				activities: []string{"learn about people and events often left out", "use sources and archives", "visit places with links to the past"}},
			{title: "Ancient Egypt", summary: "Discover the pyramids, pharaohs and everyday life of ancient Egypt.",
				activities: []string{"learn about life in ancient Egypt", "read hieroglyphs", "look at objects from the period"}},
		},
	},
	{
		subject: "local-history", weight: 2, levels: allLevels,
		wellbeing: []string{lonely, mood, confid},
		kit: []string{
			"Bring any old photos or objects you'd like to share.",
			"Wear comfortable shoes for the walks.",
		},
		templates: []template{
			{title: "Local history: {borough} through time", also: []string{"history-and-culture"}, summary: "Discover how {borough} has changed, from its villages to the present day.",
				activities: []string{"look at old maps and photos", "hear stories from local people", "explore the streets where history happened"}},
			{title: "Trace your family history", also: []string{"digital-skills"}, summary: "Find out about your ancestors using records, archives and free websites.",
				activities: []string{"start your family tree", "search census and parish records", "use local archives"}},
			{title: "Walking through {borough}'s past", also: []string{"physical-activity"}, summary: "Gentle guided walks through the history of {borough}.",
				activities: []string{"walk a different route each week", "learn about buildings and people", "share your own memories"}},
			{title: "Memories of {borough}: a reminiscence group", older: true, fixed: true, levels: []string{beginner},
				summary:    "Share memories of {borough} over tea, with old photos, music and objects.",
				activities: []string{"share memories with others", "look at old photos and objects", "record stories for the local archive"}},
			{title: "Oral history: recording your community's stories", also: []string{"digital-skills"},
				summary:    "Learn to interview people and record the stories of your neighbourhood.",
				activities: []string{"plan and carry out interviews", "record sound on a phone", "share stories with the local archive"}},
		},
	},
}
