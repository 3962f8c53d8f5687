package load

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"time"
)

// The request kinds, in report order.
const (
	KindList     = "list"
	KindView     = "view"
	KindFiltered = "filtered list"
)

// Kinds are the request kinds in report order.
var Kinds = []string{KindList, KindView, KindFiltered}

// filterEvery: one loop in this many also asks for a filtered list.
const filterEvery = 4

// maxSamples is how many error messages Result keeps.
const maxSamples = 5

// Result is what a run measured.
type Result struct {
	Users    int
	Duration time.Duration // from the first request to the last answer
	// Latencies by kind: every request's wall time, answered or not.
	Latencies map[string][]time.Duration
	Errors    int
	Samples   []string // the first few errors
	Filtered  bool     // whether the filtered lists ran (the tab lets users filter on FilterField)
}

// Requests is the number of requests of every kind.
func (r Result) Requests() int {
	n := 0
	for _, ds := range r.Latencies {
		n += len(ds)
	}
	return n
}

// All is every request's latency.
func (r Result) All() []time.Duration {
	var all []time.Duration
	for _, k := range Kinds {
		all = append(all, r.Latencies[k]...)
	}
	return all
}

// RPS is the requests per second over the run.
func (r Result) RPS() float64 {
	if r.Duration <= 0 {
		return 0
	}
	return float64(r.Requests()) / r.Duration.Seconds()
}

// Run drives one virtual user per element of users for d: each loops GET
// /api/records/Invoices?limit=25, then GET /api/records/Invoices/{id} of a random item of
// that page, and one loop in filterEvery a list filtered on a random Status (when filterable
// holds FilterField). A request is an error unless it answers 200 (and a list a JSON page).
// No request starts after d; those in flight finish. ctx cancels the run.
func Run(ctx context.Context, client *http.Client, base string, users []User, filterable []string, d time.Duration) Result {
	r := Result{Users: len(users), Latencies: map[string][]time.Duration{}, Filtered: slices.Contains(filterable, FilterField)}
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(d)
	for i, u := range users {
		wg.Go(func() {
			v := vu{client: client, base: base, user: u, rng: rand.New(rand.NewPCG(uint64(i), uint64(start.UnixNano()))),
				lat: map[string][]time.Duration{}}
			for n := 0; ctx.Err() == nil && time.Now().Before(deadline); n++ {
				ids := v.list(ctx, KindList, nil)
				if len(ids) > 0 && time.Now().Before(deadline) {
					v.get(ctx, KindView, base+"/api/records/"+Module+"/"+url.PathEscape(ids[v.rng.IntN(len(ids))]))
				}
				if r.Filtered && n%filterEvery == filterEvery-1 && time.Now().Before(deadline) {
					v.list(ctx, KindFiltered, url.Values{"filter." + FilterField: {Statuses[v.rng.IntN(len(Statuses))]}})
				}
			}
			mu.Lock()
			defer mu.Unlock()
			for k, ds := range v.lat {
				r.Latencies[k] = append(r.Latencies[k], ds...)
			}
			r.Errors += v.errors
			for _, s := range v.samples {
				if len(r.Samples) < maxSamples {
					r.Samples = append(r.Samples, s)
				}
			}
		})
	}
	wg.Wait()
	r.Duration = time.Since(start)
	return r
}

// vu is one virtual user's state; only its goroutine touches it.
type vu struct {
	client  *http.Client
	base    string
	user    User
	rng     *rand.Rand
	lat     map[string][]time.Duration
	errors  int
	samples []string
}

// list GETs a page of the user's invoices (with the query q added) and returns its ids.
func (v *vu) list(ctx context.Context, kind string, q url.Values) []string {
	if q == nil {
		q = url.Values{}
	}
	q.Set("limit", strconv.Itoa(PageLimit))
	body, ok := v.get(ctx, kind, v.base+"/api/records/"+Module+"?"+q.Encode())
	if !ok {
		return nil
	}
	var p struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &p); err != nil {
		v.fail(fmt.Sprintf("%s: decode the page: %v", kind, err))
		return nil
	}
	ids := make([]string, 0, len(p.Items))
	for _, it := range p.Items {
		ids = append(ids, it.ID)
	}
	return ids
}

// get GETs u with the user's session cookie, records its latency under kind and counts an
// error unless it answers 200.
func (v *vu) get(ctx context.Context, kind, u string) ([]byte, bool) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		v.fail(err.Error())
		return nil, false
	}
	req.Header.Set("Cookie", v.user.Cookie)
	req.Header.Set("Accept", "application/json")
	start := time.Now()
	resp, err := v.client.Do(req)
	var body []byte
	if err == nil {
		body, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	v.lat[kind] = append(v.lat[kind], time.Since(start))
	switch {
	case ctx.Err() != nil:
		// Cancelled (an interrupt): not an answer of the portal, not counted as an error.
		return nil, false
	case err != nil:
		v.fail(fmt.Sprintf("GET %s: %v", u, err))
		return nil, false
	case resp.StatusCode != http.StatusOK:
		v.fail(fmt.Sprintf("GET %s: status %d: %.200s", u, resp.StatusCode, body))
		return nil, false
	}
	return body, true
}

func (v *vu) fail(msg string) {
	v.errors++
	if len(v.samples) < maxSamples {
		v.samples = append(v.samples, msg)
	}
}
