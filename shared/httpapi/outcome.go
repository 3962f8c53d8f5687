package httpapi

// ProblemOf is the problem a route would answer for err, for work done outside a request
// that reports each item's outcome as the single request would have answered it (a bulk
// action's per-item report). Internal errors say only "internal error", as in an answer.
func ProblemOf(err error) Problem {
	p, _ := problemFor(err, "")
	return p
}
