// Package geo is learnwell's geography: it reads UK postcodes and postcode
// districts as people type them, places them at their district's centre,
// measures distances, names the London borough a point falls in, and buckets
// points into a grid for "within N miles" searches.
//
// Its data is embedded (see data/ATTRIBUTION.md): the centroids of the 2,856
// UK postcode districts, and the super-generalised boundaries of the 33
// London local authorities. Both are approximate: a postcode is placed at its
// district's centre, not its street, and borders are simplified to about
// 200 m. They suit "courses near you" and maps; they do not decide which
// borough a person lives in.
//
// A Locator turns what a person typed into a Place. DistrictLocator uses
// the embedded data alone; the store's locator first looks a full postcode
// up in the ONS postcode directory it holds, once an operator has loaded one
// (OpenPostcodeFile reads it), for the postcode's own point and local
// authority.
//
// Errors a person may see are *learnwell.Error values with messages written
// for them (MsgPostcodeEmpty, MsgPostcodeInvalid, and "We could not find the
// postcode ZZ9 9ZZ. Check it and try again").
package geo
