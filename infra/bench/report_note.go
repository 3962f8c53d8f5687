package bench

import (
	"fmt"
	"slices"
	"strings"
)

// NotePath is the staff note request of the bench.
const NotePath = "POST /api/admin/records/Contacts/{id}/notes"

// noteTables writes the staff note section: the route against its bare calls, and whether
// those calls hold any email or queue call (they must not: the notifier sends after the
// answer, started by the table's stream).
func (r Report) noteTables(b *strings.Builder) {
	b.WriteString("\n## Staff public note: route against bare calls\n\n")
	if r.Note == nil || r.NoteBare == nil {
		b.WriteString("Not measured in this run.\n")
		return
	}
	b.WriteString("| Series | Requests | Median | p95 |\n| --- | ---: | ---: | ---: |\n")
	fmt.Fprintf(b, "| Route: `%s` through the local gateway | %d | %s | %s |\n", NotePath, r.Note.N, Ms(r.Note.Median), Ms(r.Note.P95))
	fmt.Fprintf(b, "| Bare: %s, one after the other | %d | %s | %s |\n", strings.Join(r.NoteCalls, ", "), r.NoteBare.N, Ms(r.NoteBare.Median), Ms(r.NoteBare.P95))
	fmt.Fprintf(b, "| **Ratio route / bare** | | **%s** | %s |\n\n", Times(ratio(r.Note.Median, r.NoteBare.Median)), Times(ratio(r.Note.P95, r.NoteBare.P95)))
	fmt.Fprintf(b, "Every request adds a public note to the portal user's own Contact and answers 201; the route adds %s\n", Ms(r.Note.Median-r.NoteBare.Median))
	fmt.Fprintf(b, "at the median. ")
	if sends := NotifyingCalls(r.NoteCalls); len(sends) > 0 {
		fmt.Fprintf(b, "The route's calls include %s: the request waits for the notification.\n", strings.Join(sends, ", "))
	} else {
		b.WriteString("Its calls include no email and no queue call: the note and its event item are one\n")
		b.WriteString("transaction, and the notifier, started by the table's stream after the answer, sends the email,\n")
		b.WriteString("so no note request waits for it.\n")
	}
	fmt.Fprintf(b, "The bare rounds leave out the staff session touch (an UpdateItem, at most once a minute per session), and %s\n", touches(r.NoteTouches))
}

// NotifyingCalls are the calls of ops that deliver a notification (sending an email or a
// queue message), in order.
func NotifyingCalls(ops []string) []string {
	var out []string
	for _, op := range ops {
		if slices.Contains([]string{"SendEmail", "SendRawEmail", "SendMessage", "SendMessageBatch", "Publish"}, op) {
			out = append(out, op)
		}
	}
	return out
}

// noteMethod writes how the staff note is measured.
func (r Report) noteMethod(b *strings.Builder) {
	b.WriteString("- **Staff public note against bare calls.** In the portal's organization, a route request is\n")
	fmt.Fprintf(b, "  `%s` with `{\"body\", \"internal\": false}` on the portal user's own Contact, the\n", NotePath)
	b.WriteString("  admin's cookie and the CSRF header; it must answer 201. The handler (`staffguard.Guard.Guard`\n")
	b.WriteString("  around `notes.Service.StaffCreate`) runs once in process over a store that records each call;\n")
	b.WriteString("  each bare round replays those calls with fresh ids for the note, its event and its audit entry,\n")
	b.WriteString("  so every write makes new items with its conditions. The bench's table has no stream\n")
	b.WriteString("  (`stack.Options.NoTableStream`), so no notifier runs during the series; on AWS it runs after\n")
	b.WriteString("  the answer, on the stream, whatever it does. Warm-up, count and interleaving are those of the\n")
	b.WriteString("  deep health measurement.\n")
}
