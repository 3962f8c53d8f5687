package bench

import (
	"math"
	"testing"
	"time"
)

func TestPerMillion(t *testing.T) {
	p := PageCost{Capacity: Capacity{Read: 2.5, Write: 1}, Median: 6200 * time.Microsecond, Share: 1}
	got := p.PerMillion()
	want := Parts{Reads: 0.3125, Writes: 0.625, LambdaRequests: 0.20,
		LambdaDuration: 0.25 * 0.007 * 0.0000133334 * 1e6, API: 1.00}
	for _, c := range [][2]float64{{got.Reads, want.Reads}, {got.Writes, want.Writes}, {got.LambdaRequests, want.LambdaRequests},
		{got.LambdaDuration, want.LambdaDuration}, {got.API, want.API}} {
		if math.Abs(c[0]-c[1]) > 1e-9 {
			t.Errorf("PerMillion = %+v, want %+v", got, want)
			break
		}
	}
	mix := Cost{Pages: []PageCost{{Capacity: Capacity{Read: 1}, Share: 0.5}, {Capacity: Capacity{Read: 3}, Share: 0.5}}}.Mix()
	if math.Abs(mix.Reads-0.25) > 1e-9 || math.Abs(mix.API-1) > 1e-9 {
		t.Errorf("Mix = %+v, want reads 0.25 and API 1", mix)
	}
	if BilledMs(0) != 1 || BilledMs(1500*time.Microsecond) != 2 {
		t.Errorf("BilledMs rounds wrong: %v, %v", BilledMs(0), BilledMs(1500*time.Microsecond))
	}
}
