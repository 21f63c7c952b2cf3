package web

// ForgetParts makes the finder render every part of its form per request, as
// it did before parts were kept: for benchmarks.
func (s *Server) ForgetParts() { s.noParts = true }
