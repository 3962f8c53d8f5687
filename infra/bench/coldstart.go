package bench

import (
	"context"
	"fmt"
	"slices"
	"time"

	"crmportal/infra/lambdarun"
)

// ColdTarget is the cold start target: a function's init at most this many times
// hello world's (medians, under the same emulator in the same run).
const ColdTarget = 1.3

// ColdCompared are the functions whose init the report holds against hello world's, by
// folder: the health check, the portal's record list and the invitation (which sends email).
var ColdCompared = []string{"functions/health", "functions/records-portal-list", "functions/invitation-send"}

// FirstVisit are the functions a customer's first visit calls, in the order the visit calls
// them: the login, then the portal's profile and tabs, a record list and a record.
var FirstVisit = []string{"functions/portal-login", "functions/me-get", "functions/me-tabs",
	"functions/records-portal-list", "functions/record-portal-get"}

// ColdFunction is one function whose cold start is measured.
type ColdFunction struct {
	// Name is its function name in the invoker (template.yaml's logical id).
	Name string
	// Event is the payload of the one invocation each cold start makes.
	Event []byte
	// Check judges the emulator's answer to it; nil accepts any answer.
	Check func(status int, body []byte) error
}

// ColdInvoker starts a fresh execution environment of a function for one invocation and
// reports its init (lambdarun.Runner.InvokeCold).
type ColdInvoker interface {
	InvokeCold(ctx context.Context, name, requestID string, payload []byte) (lambdarun.Cold, error)
}

// ColdOrder is the order in which round (counted from 0) starts n functions: 0 to n-1 in
// even rounds, n-1 to 0 in odd ones, so that no function always starts right after another
// or always first, and drift in the machine's load touches every function alike.
func ColdOrder(round, n int) []int {
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	if round%2 == 1 {
		slices.Reverse(order)
	}
	return order
}

// ColdStarts starts every function of fns cold once a round, in ColdOrder: warmup rounds
// that are not recorded (the first starts pay for cold page caches and the emulator's own
// first run), then rounds recorded ones. It returns each function's inits, indexed as fns.
// The first failed start or failed Check ends it with an error naming the function.
func ColdStarts(ctx context.Context, inv ColdInvoker, fns []ColdFunction, warmup, rounds int) ([][]time.Duration, error) {
	inits := make([][]time.Duration, len(fns))
	for round := 0; round < warmup+rounds; round++ {
		for _, i := range ColdOrder(round, len(fns)) {
			f := fns[i]
			c, err := inv.InvokeCold(ctx, f.Name, fmt.Sprintf("bench-cold-%d", round), f.Event)
			if err != nil {
				return nil, fmt.Errorf("cold start of %s, round %d: %w", f.Name, round, err)
			}
			if f.Check != nil {
				if err := f.Check(c.Status, c.Body); err != nil {
					return nil, fmt.Errorf("cold start of %s, round %d: %w", f.Name, round, err)
				}
			}
			if round >= warmup {
				inits[i] = append(inits[i], c.Init)
			}
		}
	}
	return inits, nil
}
