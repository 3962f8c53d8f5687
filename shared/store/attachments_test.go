package store

import "testing"

func TestSharedWithCustomers(t *testing.T) {
	tests := []struct {
		name string
		a    Attachment
		want bool
	}{
		{"a portal user's upload", Attachment{Shared: true, UploadedBy: Actor{Kind: ActorPortal}}, true},
		{"a portal user's upload from before the flag", Attachment{UploadedBy: Actor{Kind: ActorPortal}}, true},
		{"a staff file shared", Attachment{Shared: true, UploadedBy: Actor{Kind: ActorStaff}}, true},
		{"a staff file kept internal", Attachment{UploadedBy: Actor{Kind: ActorStaff}}, false},
		{"a system file", Attachment{UploadedBy: Actor{Kind: ActorSystem}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.SharedWithCustomers(); got != tt.want {
				t.Errorf("SharedWithCustomers() = %v, want %v", got, tt.want)
			}
		})
	}
}
