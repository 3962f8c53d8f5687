package bench

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// On-demand prices in us-east-1 (USD) used for the cost of page views, as of PricesDate.
const (
	PricesDate = "2026-11-28"
	// PriceReadUnit and PriceWriteUnit are DynamoDB on-demand read and write request units,
	// per unit (USD 0.125 and 0.625 per million).
	PriceReadUnit  = 0.125 / 1e6
	PriceWriteUnit = 0.625 / 1e6
	// PriceLambdaGBSecond is Lambda's arm64 compute price and PriceLambdaRequest its price
	// per request (USD 0.20 per million).
	PriceLambdaGBSecond = 0.0000133334
	PriceLambdaRequest  = 0.20 / 1e6
	// PriceHTTPAPIRequest is API Gateway's HTTP API price per request (USD 1.00 per million).
	PriceHTTPAPIRequest = 1.00 / 1e6
	// LambdaMemoryMB is the functions' memory size (template.yaml).
	LambdaMemoryMB = 256
)

// PageCost is one kind of page view: the request, the DynamoDB calls its handler made, the
// capacity they consumed (CallCount calls, Computed of them computed from item sizes), the
// route's median duration and the kind's share of the mix.
type PageCost struct {
	Name, Path string
	Calls      []string
	Capacity   Capacity
	Rules      Capacity // the same calls' units computed from the item sizes
	CallCount  int
	Computed   int
	Median     time.Duration
	Share      float64
}

// Cost is the cost-per-page-view section: the kinds of page view and the record view's
// route series (timed for its median).
type Cost struct {
	Pages []PageCost
	View  Summary
}

// Parts are a page view's costs in USD per million page views: DynamoDB reads and writes,
// Lambda's requests and duration, API Gateway's requests.
type Parts struct {
	Reads, Writes, LambdaRequests, LambdaDuration, API float64
}

// Total is the sum of the parts.
func (p Parts) Total() float64 {
	return p.Reads + p.Writes + p.LambdaRequests + p.LambdaDuration + p.API
}

// BilledMs is Lambda's billed duration of d: whole milliseconds, rounded up, at least 1.
func BilledMs(d time.Duration) float64 {
	return math.Max(1, math.Ceil(float64(d)/float64(time.Millisecond)))
}

// PerMillion is what a million views of p cost by part, with one Lambda invocation and one
// API Gateway request a view and a duration of p.Median billed at LambdaMemoryMB.
func (p PageCost) PerMillion() Parts {
	gbSeconds := float64(LambdaMemoryMB) / 1024 * BilledMs(p.Median) / 1000
	return Parts{
		Reads:          1e6 * p.Capacity.Read * PriceReadUnit,
		Writes:         1e6 * p.Capacity.Write * PriceWriteUnit,
		LambdaRequests: 1e6 * PriceLambdaRequest,
		LambdaDuration: 1e6 * gbSeconds * PriceLambdaGBSecond,
		API:            1e6 * PriceHTTPAPIRequest,
	}
}

// Mix is the cost of a million page views of c's kinds in their shares.
func (c Cost) Mix() Parts {
	var m Parts
	for _, p := range c.Pages {
		pm := p.PerMillion()
		m.Reads += p.Share * pm.Reads
		m.Writes += p.Share * pm.Writes
		m.LambdaRequests += p.Share * pm.LambdaRequests
		m.LambdaDuration += p.Share * pm.LambdaDuration
		m.API += p.Share * pm.API
	}
	return m
}

// USD formats a price in dollars with 4 decimals ("$0.1250").
func USD(x float64) string { return fmt.Sprintf("$%.4f", x) }

// units formats capacity units with up to one decimal ("3", "2.5").
func units(x float64) string {
	s := fmt.Sprintf("%.1f", x)
	return strings.TrimSuffix(s, ".0")
}

// WebFirstLoadTarget is the gzip size each side's first load aims at (issue 19).
const WebFirstLoadTarget = 130 * 1024

// WebSize is the web app's first load per side: what a page of the side loads before its
// own page chunk (web/build/firstLoad.ts holds the build to a budget; this reports it).
type WebSize struct {
	Sides       []WebSide
	Target      int64 // gzip bytes
	Built       time.Time
	Unavailable string // why it was not measured, when it was not
}

// WebSide is one side's first load in the language whose texts weigh more.
type WebSide struct {
	Name, Language string
	Files          []string
	Raw, Gzip      int64
}
