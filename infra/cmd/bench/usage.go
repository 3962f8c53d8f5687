package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"crmportal/infra/bench"
	"crmportal/shared/crm"
	"crmportal/shared/store"
	"crmportal/shared/usage"
)

// searchQuery is what both searches of the by-size measurements look for: the words of one
// invoice's subject ("Invoice 000123 - ..."), in modules whose every invoice's subject also
// holds "invoice".
const searchQuery = "invoice+000123"

// searchRound times one GET of the search at u with cookie and checks that the answer finds
// at least one record: a search that finds nothing is cheap, and would flatter the figure.
func searchRound(ctx context.Context, client *http.Client, u, cookie string) func() (time.Duration, error) {
	return func() (time.Duration, error) {
		d, body, err := bench.Get(ctx, client, u, "Cookie", cookie)
		if err != nil {
			return 0, err
		}
		var a crm.SearchAnswer
		if err := json.Unmarshal(body, &a); err != nil {
			return 0, fmt.Errorf("GET %s: decode: %w", u, err)
		}
		if len(a.Items) == 0 {
			return 0, fmt.Errorf("GET %s found nothing", u)
		}
		return d, nil
	}
}

// usageURL is the usage dashboard's longest period by day, ending today (UTC).
func usageURL(base string, today time.Time) string {
	from := today.AddDate(0, 0, -(usage.MaxDays - 1))
	return fmt.Sprintf("%s/api/admin/usage?from=%s&to=%s&interval=day", base, from.Format(time.DateOnly), today.Format(time.DateOnly))
}

// seedUsage gives org day counters for each of the usage.MaxDays days ending today whose
// recordsCreated add up to records (and a few logins and invitations each day), written with
// BatchWriteItem in the store's counter layout (PK ORG#<org>#USAGE, SK DAY#<date>, the
// attributes of store.UsageDay). usageRound checks the route reads them back, so a change of
// the layout fails the bench instead of timing an empty period.
func seedUsage(ctx context.Context, s *listSetup, org string, records int, today time.Time) error {
	items := make([]map[string]types.AttributeValue, 0, usage.MaxDays)
	for i := range usage.MaxDays {
		day := today.AddDate(0, 0, -i)
		d := store.UsageDay{Date: store.UsageDate(day), InvitationsSent: 3, InvitationsAccepted: 2, Logins: 40, ActiveUsers: 12,
			RecordsCreated: records / usage.MaxDays}
		if i < records%usage.MaxDays {
			d.RecordsCreated++
		}
		it, err := attributevalue.MarshalMap(d)
		if err != nil {
			return err
		}
		it["PK"] = &types.AttributeValueMemberS{Value: "ORG#" + org + "#USAGE"}
		it["SK"] = &types.AttributeValueMemberS{Value: "DAY#" + d.Date}
		items = append(items, it)
	}
	return bench.WriteItems(ctx, s.deps.DynamoDB, s.deps.Config.TableName, items)
}

// usageRound times one GET of the usage dashboard at u with an admin's cookie and checks
// that it answers every day of the period and records created adding up to records.
func usageRound(ctx context.Context, client *http.Client, u, cookie string, records int) func() (time.Duration, error) {
	return func() (time.Duration, error) {
		d, body, err := bench.Get(ctx, client, u, "Cookie", cookie)
		if err != nil {
			return 0, err
		}
		var a struct {
			Buckets []json.RawMessage `json:"buckets"`
			Totals  usage.Totals      `json:"totals"`
		}
		if err := json.Unmarshal(body, &a); err != nil {
			return 0, fmt.Errorf("GET %s: decode: %w", u, err)
		}
		if len(a.Buckets) != usage.MaxDays || a.Totals.RecordsCreated != records {
			return 0, fmt.Errorf("GET %s answered %d days and %d records created, want %d and %d",
				u, len(a.Buckets), a.Totals.RecordsCreated, usage.MaxDays, records)
		}
		return d, nil
	}
}
