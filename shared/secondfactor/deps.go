package secondfactor

import (
	"crmportal/shared/logins"
	"crmportal/shared/platform"
	"crmportal/shared/sealing"
	"crmportal/shared/store"
)

// FromDeps builds the flows of a function over d: the table, the key service that seals and
// opens the secrets (sealing, KMS) and the login throttle, so that codes and passwords count
// alike.
func FromDeps(d platform.Deps) *Service {
	st := store.New(d.DynamoDB, d.Config.TableName, nil)
	return &Service{Store: st, Sealer: sealing.New(d), Logins: logins.New(st)}
}
