package finder

// Describe is describe, for tests that compare a card with its listing.
var Describe = describe
