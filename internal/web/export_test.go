package web

// ForgetIdleFilters makes the finder render every filter group per request,
// as it did before they were rendered once at start: for benchmarks.
func (s *Server) ForgetIdleFilters() { s.idleFilters = nil }
