package staffportalusers

import (
	"context"
	"slices"

	"crmportal/shared/store"
)

// fakeFactors are the users' second factors: enrolled lists who has one, deleted who was reset.
type fakeFactors struct {
	enrolled []string
	deleted  []string
}

func (f *fakeFactors) FactorMethods(_ context.Context, _, kind string, users []string) (map[string][]string, error) {
	out := map[string][]string{}
	for _, u := range users {
		if kind == store.FactorPortal && slices.Contains(f.enrolled, u) {
			out[u] = []string{"totp"}
		}
	}
	return out, nil
}

func (f *fakeFactors) DeleteFactor(_ context.Context, _, kind, user string, _ int) error {
	f.deleted = append(f.deleted, kind+":"+user)
	return nil
}
