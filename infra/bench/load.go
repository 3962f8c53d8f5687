package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/shared/crm"
	"crmportal/shared/store"
)

// BatchSize is the most items one BatchWriteItem takes.
const BatchSize = 25

// writeRounds bounds the BatchWriteItem calls of one batch: the first and the retries of
// its unprocessed items.
const writeRounds = 10

// Chunks splits n things into consecutive half-open ranges [lo, hi) of size things, the
// last one shorter when size does not divide n. size < 1 counts as 1.
func Chunks(n, size int) [][2]int {
	if size < 1 {
		size = 1
	}
	var out [][2]int
	for lo := 0; lo < n; lo += size {
		out = append(out, [2]int{lo, min(lo+size, n)})
	}
	return out
}

// WriteItems writes items to table with BatchWriteItem, BatchSize at a time, resending the
// unprocessed items of a batch (with a short growing pause) until it is done or has taken
// writeRounds calls.
func WriteItems(ctx context.Context, db store.DB, table string, items []map[string]types.AttributeValue) error {
	for _, c := range Chunks(len(items), BatchSize) {
		reqs := make([]types.WriteRequest, 0, c[1]-c[0])
		for _, it := range items[c[0]:c[1]] {
			reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: it}})
		}
		pending := map[string][]types.WriteRequest{table: reqs}
		for round := 1; len(pending[table]) > 0; round++ {
			if round > writeRounds {
				return fmt.Errorf("batch write: %d items still unprocessed after %d calls", len(pending[table]), writeRounds)
			}
			if round > 1 {
				if err := pause(ctx, time.Duration(round)*5*time.Millisecond); err != nil {
					return err
				}
			}
			out, err := db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: pending})
			if err != nil {
				return fmt.Errorf("batch write: %w", err)
			}
			pending = out.UnprocessedItems
		}
	}
	return nil
}

func pause(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// RecordItems are the items store.CreateRecord writes for recs, records of m: each record's
// item and its link items, in order. They come from the store's own CreateRecord, run over a
// CallLog that writes nothing, so they are built exactly as the store builds them. What the
// transaction would add, the condition that the id is new, is left out: the ids are new.
func RecordItems(ctx context.Context, m crm.Module, recs []store.Record) ([]map[string]types.AttributeValue, error) {
	log := &CallLog{}
	s := store.New(log, "items", nil)
	for _, r := range recs {
		if err := s.CreateRecord(ctx, m, r); err != nil {
			return nil, err
		}
	}
	return PutItems(log.Calls())
}

// ForChunks calls f for each chunk of Chunks(n, size), conc at a time (conc < 1 counts as
// 1), and returns the first error; after an error no new chunk starts.
func ForChunks(ctx context.Context, n, size, conc int, f func(ctx context.Context, lo, hi int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chunks := make(chan [2]int)
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first error
	)
	for range max(conc, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range chunks {
				if ctx.Err() != nil {
					continue
				}
				if err := f(ctx, c[0], c[1]); err != nil {
					once.Do(func() { first = err; cancel() })
				}
			}
		}()
	}
send:
	for _, c := range Chunks(n, size) {
		select {
		case chunks <- c:
		case <-ctx.Done():
			break send
		}
	}
	close(chunks)
	wg.Wait()
	if first == nil && ctx.Err() != nil {
		first = ctx.Err()
	}
	return first
}

// LoadRecords writes the n records build(0) ... build(n-1) of m to table with
// BatchWriteItem: conc workers each take BatchSize records at a time, build them, turn them
// into the store's items (RecordItems) and write them (WriteItems).
func LoadRecords(ctx context.Context, db store.DB, table string, m crm.Module, n, conc int, build func(i int) (store.Record, error)) error {
	return ForChunks(ctx, n, BatchSize, conc, func(ctx context.Context, lo, hi int) error {
		recs := make([]store.Record, 0, hi-lo)
		for i := lo; i < hi; i++ {
			r, err := build(i)
			if err != nil {
				return fmt.Errorf("build record %d: %w", i, err)
			}
			recs = append(recs, r)
		}
		items, err := RecordItems(ctx, m, recs)
		if err != nil {
			return err
		}
		return WriteItems(ctx, db, table, items)
	})
}

// CreateRecords stores the n records build(0) ... build(n-1) of m one by one with
// st.CreateRecord (one transaction each), conc at a time.
func CreateRecords(ctx context.Context, st *store.Store, m crm.Module, n, conc int, build func(i int) (store.Record, error)) error {
	return ForChunks(ctx, n, 1, conc, func(ctx context.Context, lo, _ int) error {
		r, err := build(lo)
		if err != nil {
			return fmt.Errorf("build record %d: %w", lo, err)
		}
		return st.CreateRecord(ctx, m, r)
	})
}

// invoiceStatuses are Invoices' Status options the bench invoices cycle through.
var invoiceStatuses = []string{"Draft", "Created", "Approved", "Sent", "Paid", "Cancelled", "Overdue"}

// InvoiceFields are the fields of the i-th bench invoice, as a create request sends them: a
// subject, a status, dates, a purchase order, a grand total, a billing address and a short
// description, no lookups. They differ with i so that names and sort keys differ.
func InvoiceFields(i int) map[string]json.RawMessage {
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%365)
	v := map[string]any{
		"Subject":         fmt.Sprintf("Invoice %06d - Padaria São João", i),
		"Status":          invoiceStatuses[i%len(invoiceStatuses)],
		"Invoice_Date":    day.Format(time.DateOnly),
		"Due_Date":        day.AddDate(0, 0, 30).Format(time.DateOnly),
		"Purchase_Order":  fmt.Sprintf("PO-%07d", 1000000+i),
		"Grand_Total":     fmt.Sprintf("%d.%02d", 100+i%9900, i%100),
		"Billing_Street":  fmt.Sprintf("Rua das Flores, %d", 1+i%2000),
		"Billing_City":    "São Paulo",
		"Billing_State":   "SP",
		"Billing_Code":    fmt.Sprintf("%05d-%03d", 1000+i%98000, i%1000),
		"Billing_Country": "Brasil",
		"Description":     "Pão francês, bolos e salgados para o café da manhã da equipe; entrega semanal.",
	}
	out := make(map[string]json.RawMessage, len(v))
	for k, x := range v {
		b, _ := json.Marshal(x)
		out[k] = b
	}
	return out
}
