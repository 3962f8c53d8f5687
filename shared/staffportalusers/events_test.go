package staffportalusers

import "testing"

func TestDelivery(t *testing.T) {
	tests := []struct {
		name, msg, id, state, reason string
		ok, bad                      bool
	}{
		{"configuration set bounce", `{"eventType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"NoEmail"},"mail":{"messageId":"m1"}}`, "m1", "bounced", "Permanent/NoEmail", true, false},
		{"identity notification bounce", `{"notificationType":"Bounce","bounce":{"bounceType":"Transient"},"mail":{"messageId":"m2"}}`, "m2", "bounced", "Transient", true, false},
		{"complaint", `{"eventType":"Complaint","complaint":{"complaintFeedbackType":"abuse"},"mail":{"messageId":"m3"}}`, "m3", "complained", "abuse", true, false},
		{"complaint without feedback", `{"notificationType":"Complaint","complaint":{},"mail":{"messageId":"m4"}}`, "m4", "complained", "", true, false},
		{"delivery", `{"eventType":"Delivery","mail":{"messageId":"m5"}}`, "m5", "delivered", "", true, false},
		{"open is not tracked", `{"eventType":"Open","mail":{"messageId":"m6"}}`, "", "", "", false, false},
		{"no message id", `{"eventType":"Bounce","mail":{}}`, "", "bounced", "", false, false},
		{"not JSON", `bounce!`, "", "", "", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := Delivery(tt.msg)
			id, d, ok := n.MessageID, n.Delivery, n.Tracked
			if (err != nil) != tt.bad {
				t.Fatalf("err = %v, want error %v", err, tt.bad)
			}
			if ok != tt.ok || id != tt.id || d.State != tt.state || d.Reason != tt.reason {
				t.Errorf("Delivery = %q %+v %v, want %q %s %q %v", id, d, ok, tt.id, tt.state, tt.reason, tt.ok)
			}
		})
	}
}

func TestCheckTemplate(t *testing.T) {
	good := templateBody{Subject: "{{.Company}}", Text: "Go: {{.Link}}", HTML: `<a href="{{.Link}}">go</a>`}
	if errs := CheckTemplate(good); len(errs) != 0 {
		t.Fatalf("good template: %v", errs)
	}
	long := good
	long.Subject = string(make([]byte, 201))
	tests := []struct {
		name  string
		in    templateBody
		field string
	}{
		{"link only in a comment", templateBody{Subject: "s", Text: "{{/* {{.Link}} */}}", HTML: good.HTML}, "text"},
		{"html escapes the link away", templateBody{Subject: "s", Text: good.Text, HTML: `<a href="x">{{"{{.Link}}"}}</a>`}, "html"},
		{"subject too long", long, "subject"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := CheckTemplate(tt.in)
			if len(errs) != 1 || errs[0].Field != tt.field {
				t.Errorf("errors = %v, want one on %s", errs, tt.field)
			}
		})
	}
}
