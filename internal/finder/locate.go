package finder

import (
	"context"
	"net/url"
	"time"
)

// ParseQuery is the package's ParseQuery with the finder's taxonomies and
// the store's postcode locator: a full postcode in the loaded ONS postcode
// directory is placed at its own point, any other at its district's centre.
func (s *Service) ParseQuery(ctx context.Context, v url.Values, now time.Time) (Query, error) {
	return ParseQuery(v, s.tax, now, WithLocator(ctx, s.db.Locator()))
}
